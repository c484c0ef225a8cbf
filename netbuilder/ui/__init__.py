"""netbuilder's Qt user interface (depends on ``netbuilder.core``, never the reverse)."""

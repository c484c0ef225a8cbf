"""netbuilder: build neural networks visually, train them, watch them learn."""

__version__ = "0.1.0"

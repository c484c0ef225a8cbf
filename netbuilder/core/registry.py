"""Name → object tables, one per kind (layers, activations, losses, optimizers, ...), and the
one place that writes and reads the ``{"class_name": ..., "config": {...}}`` form.

Each kind keeps one ``Registry``; ``get(identifier)`` accepts ``None`` (when allowed), a
string name or alias, a ``{"class_name": ..., "config": {...}}`` dict, a class of the kind or
an instance, and raises a ``ValueError`` naming the unknown value and the closest known names.
``serialize(obj)`` writes the dict form ``get`` reads back (Keras keeps both in
``keras/src/saving/serialization_lib.py``; the per-kind ``get``/``serialize`` functions call
these). The UI palette and every loader read these tables; nothing else keeps a list of names.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Callable


def to_snake_case(name: str) -> str:
    """``"SparseCategoricalAccuracy"`` → ``"sparse_categorical_accuracy"`` (Keras's rule)."""
    s = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    s = re.sub(r"([a-z])([A-Z])", r"\1_\2", s).lower()
    return re.sub(r"_+", "_", s)


def serialize(obj, class_name: str | None = None) -> dict | None:
    """``{"class_name": class_name or type(obj).__name__, "config": obj.get_config()}``; None
    stays None. ``Registry.get`` turns the dict back into an equal object."""
    if obj is None:
        return None
    return {"class_name": class_name or type(obj).__name__, "config": obj.get_config()}


def to_instance(obj, config: dict | None = None):
    """An instance of ``obj`` when it is a class (``obj.from_config(config)`` when it has one and
    a config is given, else ``obj(**config)``); any other object is returned as it is."""
    if not isinstance(obj, type):
        return obj
    if config is None:
        return obj()
    factory: Callable = getattr(obj, "from_config", None) or (lambda c: obj(**c))
    return factory(config)


class Registry:
    """A table of named objects of one kind.

    Args:
        kind: what the table holds, used in error messages ("layer", "loss", ...).
    """

    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, Any] = {}
        self._aliases: dict[str, str] = {}
        self._meta: dict[str, dict] = {}

    def register(self, obj=None, *, name: str | None = None, aliases=(), **meta):
        """Add ``obj`` under ``name`` (default: its ``__name__``) and ``aliases``.

        Usable as ``@REG.register`` or ``@REG.register(aliases=("mse",))``. Extra keyword
        arguments are stored as metadata (``group=`` for the layer palette, ...).
        """

        def add(o):
            key = name or getattr(o, "__name__", None) or getattr(o, "name")
            if key in self._items and self._items[key] is not o:
                raise ValueError(f"{self.kind} {key!r} is registered twice")
            self._items[key] = o
            self._meta[key] = dict(meta)
            for alias in aliases:
                self._aliases[alias] = key
            return o

        return add(obj) if obj is not None else add

    def names(self) -> list[str]:
        """The canonical names, in registration order."""
        return list(self._items)

    def aliases(self) -> dict[str, str]:
        """alias → canonical name."""
        return dict(self._aliases)

    def meta(self, name: str) -> dict:
        """Metadata stored with ``register(..., **meta)``."""
        return self._meta[self.canonical(name)]

    def canonical(self, name: str) -> str:
        """The canonical name of ``name`` or one of its aliases; ``ValueError`` when unknown."""
        if name in self._items:
            return name
        if name in self._aliases:
            return self._aliases[name]
        raise ValueError(self._unknown_message(name))

    def __contains__(self, name) -> bool:
        return isinstance(name, str) and (name in self._items or name in self._aliases)

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def lookup(self, name: str):
        """The registered object for ``name`` (or an alias)."""
        return self._items[self.canonical(name)]

    def _unknown_message(self, name) -> str:
        known = sorted(set(self._items) | set(self._aliases))
        close = difflib.get_close_matches(str(name), known, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        return f"Unknown {self.kind} identifier: {name!r}.{hint} Known: {', '.join(known)}."

    def get(self, identifier, *, allow_none: bool = False, instantiate: bool = True,
            instance_types: tuple = ()) -> Any:
        """Resolve ``identifier`` to an object of this kind.

        Args:
            identifier: None, a name/alias, a ``{"class_name", "config"}`` dict, a class that
                subclasses ``instance_types`` (registered or not), or an instance.
            allow_none: return None for None instead of raising.
            instantiate: when the registered object is a class, return ``cls()`` for a name
                (``instantiate=False``: the class itself); a dict always gives
                ``cls.from_config(config)``, and a class of the kind ``cls()``.
            instance_types: types accepted as already-resolved instances.
        """
        if identifier is None:
            if allow_none:
                return None
            raise ValueError(f"a {self.kind} is required, got None")
        if instance_types and isinstance(identifier, instance_types):
            return identifier
        if instance_types and isinstance(identifier, type) and issubclass(identifier, instance_types):
            return identifier()
        if isinstance(identifier, str):
            obj = self.lookup(identifier)
            return to_instance(obj) if instantiate else obj
        if isinstance(identifier, dict):
            if "class_name" not in identifier:
                raise ValueError(
                    f"a {self.kind} config dict needs a 'class_name' key, got keys {sorted(identifier)}"
                )
            obj = self.lookup(identifier["class_name"])
            config = identifier.get("config") or {}
            if not isinstance(config, dict):
                raise ValueError(f"{self.kind} config must be a dict, got {type(config).__name__}")
            return to_instance(obj, config)
        if callable(identifier) and not instance_types:
            return identifier
        raise TypeError(
            f"Could not interpret {self.kind} identifier {identifier!r} "
            f"(type {type(identifier).__name__}); pass a name such as {self.names()[:3]}"
        )


# One registry per kind. Modules register into these at import time.
LAYERS = Registry("layer")
ACTIVATIONS = Registry("activation")
INITIALIZERS = Registry("initializer")
REGULARIZERS = Registry("regularizer")
CONSTRAINTS = Registry("constraint")
LOSSES = Registry("loss")
METRICS = Registry("metric")
OPTIMIZERS = Registry("optimizer")
CALLBACKS = Registry("callback")

"""Is Keras 3 here, on which backend, with which devices? Answered without importing Keras.

Keras chooses its backend once, when it is first imported: the ``KERAS_BACKEND`` variable, else the
``backend`` of ``$KERAS_HOME/keras.json`` (``~/.keras/keras.json``), else TensorFlow. netbuilder keeps
``KERAS_BACKEND`` as given, and keras.json's backend when it is installed (Keras writes
``"tensorflow"`` there the first time it is imported, chosen or not); otherwise it picks the first
installed of JAX, PyTorch and TensorFlow (the ``[keras]`` extra installs JAX), so a learner who only
ran ``pip install -e ".[keras]"`` is not sent to TensorFlow. :func:`engine_info` reads package metadata only (``importlib.util.find_spec``, a few
file lookups, no import): the window calls it at start. :func:`import_keras` does the import (seconds)
and :func:`list_devices` asks the backend for its devices, both when a Keras run is prepared.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
from dataclasses import dataclass, field

from ..errors import ConfigError

#: Keras backend name -> the package it imports.
BACKEND_PACKAGES = {"jax": "jax", "torch": "torch", "tensorflow": "tensorflow", "numpy": "numpy",
                    "openvino": "openvino"}
#: The order in which an installed backend is chosen when none is set.
PREFERRED = ("jax", "torch", "tensorflow")
INSTALL_HINT = 'pip install "keras>=3.5" jax (in a netbuilder checkout: pip install -e ".[keras]")'


class KerasEngineError(ConfigError):
    """The Keras engine cannot train this project: Keras or its backend is missing, or a layer or
    setting has no Keras form. ``layer`` names the node at fault when there is one."""


@dataclass(frozen=True)
class EngineInfo:
    """What :func:`engine_info` found: ``available`` and, if not, ``reason`` (a sentence naming the
    missing package) with its ``code`` and ``params`` (the window renders them in its language);
    ``backend`` (Keras's name), ``chosen_by`` (``"KERAS_BACKEND"``, ``"keras.json"`` or
    ``"netbuilder"``) and ``keras_version``."""

    available: bool
    backend: str | None
    chosen_by: str | None
    reason: str | None = None
    keras_version: str | None = None
    code: str | None = None
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str | None:
        """The English reason (the name the window's message rendering reads)."""
        return self.reason


def _installed(package: str) -> bool:
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False


def _version(dist: str) -> str | None:
    try:
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415
    except ImportError:  # pragma: no cover - Python < 3.8
        return None
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def _configured_backend() -> tuple[str | None, str | None]:
    """``(backend, where it was set)`` from ``KERAS_BACKEND`` or Keras's ``keras.json``."""
    env = os.environ.get("KERAS_BACKEND")
    if env:
        return env.strip().lower(), "KERAS_BACKEND"
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    try:
        with open(os.path.join(home, "keras.json"), encoding="utf-8") as f:
            backend = json.load(f).get("backend")
    except (OSError, ValueError, AttributeError):
        return None, None
    return (backend.strip().lower(), "keras.json") if isinstance(backend, str) and backend.strip() else (None, None)


def engine_info() -> EngineInfo:
    """Whether the Keras engine can run here, without importing Keras or a backend (cheap)."""
    if not _installed("keras"):
        return EngineInfo(False, None, None, f"Keras 3 is not installed: {INSTALL_HINT}",
                          code="keras_not_installed", params={"hint": INSTALL_HINT})
    version = _version("keras")
    if version and version.split(".")[0].isdigit() and int(version.split(".")[0]) < 3:
        return EngineInfo(False, None, None, f"Keras {version} is installed; the Keras engine needs Keras 3: "
                          f"{INSTALL_HINT}", version, code="keras_too_old",
                          params={"version": version, "hint": INSTALL_HINT})
    backend, where = _configured_backend()
    if where == "keras.json" and backend in BACKEND_PACKAGES and not _installed(BACKEND_PACKAGES[backend]):
        # Keras writes keras.json with "tensorflow" the first time it is imported anywhere: not a choice
        backend = None
    if backend is None:
        backend = next((b for b in PREFERRED if _installed(BACKEND_PACKAGES[b])), None)
        if backend is None:
            return EngineInfo(False, None, None, "Keras is installed but none of its backends (jax, torch, "
                              f"tensorflow) is: {INSTALL_HINT}", version, code="keras_no_backend",
                              params={"hint": INSTALL_HINT})
        return EngineInfo(True, backend, "netbuilder", None, version)
    package = BACKEND_PACKAGES.get(backend)
    if package is None:
        return EngineInfo(False, backend, where, f"{where} names the Keras backend {backend!r}, which Keras does "
                          f"not know; use one of {', '.join(PREFERRED)}", version, code="keras_unknown_backend",
                          params={"where": where, "backend": backend, "choices": ", ".join(PREFERRED)})
    if not _installed(package):
        others = [b for b in PREFERRED if b != backend and _installed(BACKEND_PACKAGES[b])]
        text = (f"the Keras backend {backend!r} (set by {where}) needs the '{package}' package, which is not "
                f"installed: pip install {package}")
        if others:
            return EngineInfo(False, backend, where, f"{text}, or set KERAS_BACKEND={others[0]} (installed)",
                              version, code="keras_backend_missing_or",
                              params={"backend": backend, "where": where, "package": package, "other": others[0]})
        return EngineInfo(False, backend, where, text, version, code="keras_backend_missing",
                          params={"backend": backend, "where": where, "package": package})
    return EngineInfo(True, backend, where, None, version)


def import_keras():
    """Import Keras on the backend :func:`engine_info` chose (setting ``KERAS_BACKEND`` when netbuilder
    chose it); raises :class:`KerasEngineError` naming the missing package."""
    info = engine_info()
    if not info.available:
        raise KerasEngineError(info.reason, code=info.code or "keras_missing", **{**info.params, "backend": info.backend})
    if info.chosen_by == "netbuilder":
        os.environ["KERAS_BACKEND"] = info.backend
    try:
        keras = importlib.import_module("keras")
    except ImportError as exc:
        missing = getattr(exc, "name", None) or str(exc)
        raise KerasEngineError(f"Keras failed to import on the {info.backend!r} backend: the package "
                               f"{missing!r} is missing ({exc}); {INSTALL_HINT}", code="keras_missing",
                               backend=info.backend, package=missing) from exc
    actual = keras.backend.backend()
    if actual != info.backend:  # Keras was imported earlier, on another backend
        raise KerasEngineError(f"Keras is already running on the {actual!r} backend in this process, not "
                               f"{info.backend!r}: restart netbuilder with KERAS_BACKEND={actual}",
                               code="keras_backend_mismatch", backend=info.backend, actual=actual)
    return keras


def list_devices() -> list[str]:
    """The backend's devices as Keras names them (``"cpu:0"``, ``"gpu:0"``, ``"gpu:1"``, ...).

    JAX: ``keras.distribution.list_devices()`` (accelerators when there are any, else the CPU
    devices; ``XLA_FLAGS=--xla_force_host_platform_device_count=N`` simulates N CPU devices).
    Other backends: their visible GPUs, else ``["cpu:0"]``.
    """
    keras = import_keras()
    backend = keras.backend.backend()
    if backend == "jax":
        return list(keras.distribution.list_devices())
    if backend == "torch":
        import torch  # noqa: PLC0415

        n = torch.cuda.device_count() if torch.cuda.is_available() else 0
        return [f"gpu:{i}" for i in range(n)] or ["cpu:0"]
    if backend == "tensorflow":
        import tensorflow as tf  # noqa: PLC0415

        gpus = tf.config.list_logical_devices("GPU")
        return [f"gpu:{i}" for i in range(len(gpus))] or ["cpu:0"]
    return ["cpu:0"]


def describe_devices(devices: list[str]) -> str:
    """``["gpu:0", "gpu:1"]`` → ``"2 × gpu"``; ``["cpu:0"]`` → ``"cpu"``."""
    kinds: dict[str, int] = {}
    for d in devices:
        kind = d.split(":")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(kind if n == 1 else f"{n} × {kind}" for kind, n in kinds.items()) or "no device"

"""The optional compiled modules' loader and switch (``core.compiled``)."""

import numpy as np

from netbuilder.core import compiled


def test_a_module_that_was_not_built_loads_as_none():
    assert compiled.load("_no_such_compiled_module") is None


def test_the_built_modules_load_from_the_package():
    for name in ("_fused", "_fused_layers"):
        module = compiled.load(name)
        if module is not None:  # built on this machine (it has a C compiler in CI)
            assert module.__name__ == f"netbuilder.core.{name}"


def test_netbuilder_fused_0_switches_them_off(monkeypatch):
    monkeypatch.delenv("NETBUILDER_FUSED", raising=False)
    assert compiled.enabled_by_environment()
    monkeypatch.setenv("NETBUILDER_FUSED", "1")
    assert compiled.enabled_by_environment()
    monkeypatch.setenv("NETBUILDER_FUSED", "0")
    assert not compiled.enabled_by_environment()


def test_the_codes_name_float32_and_float64_only():
    assert compiled.CODES == {np.dtype(np.float32): "f", np.dtype(np.float64): "d"}

import pytest
from PySide6.QtWidgets import QMainWindow

from netbuilder.ui.training import install_training_ui


def dense_config(n_in, hidden, n_out, out_act, hidden_act="relu"):
    """A functional config in the canvas's format: Input → Dense(h) ... → Dense(n_out)."""
    layers = [{"name": "input", "class_name": "InputLayer", "config": {"name": "input", "batch_shape": [None, n_in]},
               "inputs": []}]
    prev = "input"
    for i, h in enumerate(hidden):
        name = f"dense_{i}"
        layers.append({"name": name, "class_name": "Dense", "config": {"name": name, "units": h,
                                                                       "activation": hidden_act}, "inputs": [prev]})
        prev = name
    layers.append({"name": "out", "class_name": "Dense", "config": {"name": "out", "units": n_out,
                                                                     "activation": out_act}, "inputs": [prev]})
    return {"class_name": "Functional", "config": {"name": "m", "layers": layers, "inputs": ["input"],
                                                   "outputs": ["out"]}}


@pytest.fixture
def training_window(qtbot):
    win = QMainWindow()
    qtbot.addWidget(win)
    install_training_ui(win)
    win.resize(1200, 800)
    yield win, win.training_ui
    win.training_ui.shutdown()


def set_run(ui, config, data, **settings):
    ui.set_graph(config, "test")
    ui.dataset_panel.set_data(data)
    ui.config_panel.apply_settings(settings)
    ui.controls.ask_continue = lambda: False


def blobs(n=400, seed=0, d=2):
    from netbuilder.core.datasets import playground
    x, y = playground.gaussian_clusters(samples=n, seed=seed)
    return x, y

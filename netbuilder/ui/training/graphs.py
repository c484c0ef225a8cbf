"""Where the training docks read the network from and write remedies to: a plain config (``DictGraph``)
or the builder window's document, through its undo stack (``DocGraph``)."""

from __future__ import annotations


class DictGraph:
    """A network held as a plain config dict (tests, or a window without a canvas)."""

    def __init__(self, config=None):
        self.config = config

    def get(self):
        return self.config

    def set(self, config, text=""):
        self.config = config


class DocGraph:
    """The builder window's ``GraphDocument``: edits go through its undo stack."""

    def __init__(self, window):
        self.window = window

    def get(self):
        doc = self.window.doc
        return doc.to_config() if doc.nodes else None

    def set(self, config, text="Training remedy"):
        from netbuilder.ui import commands  # noqa: PLC0415
        from netbuilder.ui.graph_model import state_from_config  # noqa: PLC0415

        doc = self.window.doc
        layout = doc.layout()
        names = {e.get("name") or e["config"].get("name") for e in config["config"]["layers"]}
        state = state_from_config(config, layout if names <= set(layout) else None)
        self.window.undo_stack.push(commands.replace_all(doc, state, text))

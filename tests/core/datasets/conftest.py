"""Fixtures for the datasets tests: the shared real data, a private Keras cache, a local HTTP server."""

from __future__ import annotations

import http.server
import os
import threading
from pathlib import Path

import pytest

from netbuilder.core.datasets import download

REPO = Path(__file__).resolve().parents[3]


def shared_datasets_dir() -> Path:
    """``$NETBUILDER_SHARED_DATASETS``, else ``../shared/datasets`` beside the repository."""
    env = os.environ.get("NETBUILDER_SHARED_DATASETS")
    return Path(env) if env else REPO.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def shared():
    """The folder of real dataset copies; the test is skipped when it is absent."""
    folder = shared_datasets_dir()
    if not folder.is_dir():
        pytest.skip(f"real datasets not available ({folder}); set NETBUILDER_SHARED_DATASETS")
    return folder


@pytest.fixture(scope="session")
def mnist_arrays(shared):
    """MNIST loaded once from the shared IDX folder (60,000 + 10,000 images)."""
    from netbuilder.core.datasets import mnist

    return mnist.load_data(str(shared / "mnist"))


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    """A private, empty Keras cache root; no mirror configured."""
    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    monkeypatch.delenv(download.MIRROR_ENV, raising=False)
    download.set_mirror(None)
    yield home
    download.set_mirror(None)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``server.files`` from memory with ``Range: bytes=N-`` support, logging every request."""

    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_GET(self):
        srv = self.server
        srv.requests.append((self.path, self.headers.get("Range")))
        body = srv.files.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        start = 0
        rng = self.headers.get("Range")
        if rng and srv.ranges and rng.startswith("bytes=") and rng.endswith("-"):
            start = int(rng[6:-1])
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        payload = body[start:]
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        cut = srv.cut_after.pop(self.path, None)  # simulate a dropped connection once
        self.wfile.write(payload if cut is None else payload[:cut])
        self.wfile.flush()


@pytest.fixture
def http_server():
    """A ThreadingHTTPServer on 127.0.0.1 (never the internet); ``.url`` is its base URL.

    Set ``server.files["/name"] = bytes`` to serve a file, ``server.cut_after["/name"] = n`` to drop
    the next transfer after n bytes, ``server.ranges = False`` to ignore Range headers.
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.files, server.requests, server.cut_after, server.ranges = {}, [], {}, True
    server.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)

"""How a dataset's download or a learner's copy failed, read from the engine's errors for the data dialog.

:func:`is_unreachable` tells "no internet" (the server could not be reached at all) from every other
download failure; :func:`download_failure_text` says it in the Dataset panel for a source without the
data dialog (Fashion-MNIST); :func:`strip_path` drops the leading ``path:`` of an engine message that the dialog
already names once.
"""

from __future__ import annotations

import re
import socket
import ssl
import urllib.error

from PySide6.QtCore import QCoreApplication

# what the usual "no network" failures say when only their text is left (no exception chained)
_OFFLINE_TEXT = re.compile(r"name or service not known|name resolution|nodename nor servname|getaddrinfo|"
                           r"no address associated|connection refused|timed out|network is unreachable|"
                           r"no route to host|ssl|certificate|connection reset", re.IGNORECASE)


def is_unreachable(error) -> bool:
    """True when a download failed because the server could not be reached at all.

    That is the usual picture of a machine without internet (or behind a firewall): the name does not
    resolve, the connection is refused, reset or times out, or TLS fails. An HTTP answer (404, 500 ...)
    or a wrong checksum is not: the server was reached. Read from the chained exception when there
    is one (``error.__cause__``, a ``URLError`` wrapping the ``OSError``), else from ``params["reason"]``.
    """
    cause = getattr(error, "__cause__", None)
    if isinstance(cause, urllib.error.HTTPError):
        return False
    if isinstance(cause, urllib.error.URLError):
        cause = cause.reason
    if isinstance(cause, (socket.gaierror, ConnectionError, TimeoutError, ssl.SSLError, socket.timeout)):
        return True
    if getattr(error, "code", None) != "download_failed":
        return False
    reason = str(getattr(error, "params", {}).get("reason", ""))
    return not reason.startswith("HTTP ") and bool(_OFFLINE_TEXT.search(reason))


def strip_path(text: str, path: str) -> str:
    """``text`` without a leading ``path:`` (the dialog names the path once, before the reason)."""
    if path and text.startswith(path):
        return text[len(path):].lstrip(":： ")
    return text


def download_failure_text(error, title: str) -> str:
    """A failed download of ``title``'s files (a ``DownloadError``), for the Dataset panel of a source that
    has no data dialog: what happened (no internet, or the reason), the files and their folder, and the
    ways out that exist there (copy them in; a mirror through the environment variable). The engine's own
    message sends the learner to the data dialog's buttons, which such a source does not show."""
    p = getattr(error, "params", {}) or {}
    if is_unreachable(error):
        lead = QCoreApplication.translate("DataFailures", "No internet connection (the server could not be reached).")
    else:
        lead = QCoreApplication.translate("DataFailures", "The download failed: {reason}.").format(
            reason=p.get("reason", error))
    ways = QCoreApplication.translate(
        "DataFailures", "{title} needs {names} in the folder {folder}. Copy the files there from a computer that "
        "can reach the server, or set the environment variable {mirror_env} to a mirror that serves them, then "
        "press Load again.").format(title=title, names=p.get("names", "?"), folder=p.get("folder", "?"),
                                    mirror_env=p.get("mirror_env", "NETBUILDER_DATASETS_MIRROR"))
    return f"{lead} {ways}"

"""One running app per data directory.

A second launch hands its file arguments to the first over a QLocalSocket and
exits; the first raises its window. Messages are one JSON object per
connection: {"files": [absolute paths]}.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
MAX_MESSAGE_BYTES = 1_000_000


def send_to_running(key: str, files: list[str]) -> bool:
    """Hand `files` to a running instance; False when none is listening."""
    socket = QLocalSocket()
    socket.connectToServer(key)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    payload = json.dumps({"files": [str(Path(f).resolve()) for f in files]}).encode()
    socket.write(payload)
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
    return True


class _Connection(QObject):
    """One incoming launch: buffers its bytes until the peer disconnects.

    Bound methods rather than lambdas over the socket: lambdas kept extra
    references that made Qt delete a still-shared socket (a crash at exit).
    """

    finished = Signal(bytes)

    def __init__(self, socket: QLocalSocket, parent: QObject) -> None:
        super().__init__(parent)
        self._socket = socket
        self._buffer = bytearray()
        socket.setParent(self)
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self._finish)

    def _read(self) -> None:
        self._buffer.extend(bytes(self._socket.readAll().data()))
        if len(self._buffer) > MAX_MESSAGE_BYTES:
            log.warning("Ignoring an oversized message from another launch")
            self._buffer.clear()
            self._socket.abort()

    def _finish(self) -> None:
        self._read()
        self.finished.emit(bytes(self._buffer))
        self.deleteLater()


class InstanceServer(QObject):
    """Listens for later launches; emits `activated(files)` for each."""

    activated = Signal(list)

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self.key = key

    def listen(self) -> bool:
        if self._server.listen(self.key):
            return True
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            # Nobody answered our connect, so the socket file is stale (a crash).
            QLocalServer.removeServer(self.key)
            return self._server.listen(self.key)
        log.warning("Single-instance server could not listen: %s", self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            connection = _Connection(self._server.nextPendingConnection(), self)
            connection.finished.connect(self._on_message)

    def _on_message(self, payload: bytes) -> None:
        try:
            message = json.loads(payload or b"{}")
            files = [str(f) for f in message.get("files", [])]
        except (ValueError, AttributeError):
            log.warning("Ignoring a malformed message from another launch")
            return
        log.info("Another launch asked to activate the window (%d file(s))", len(files))
        self.activated.emit(files)

"""A minimal WebSocket client codec (RFC 6455) for the load generator of ``lingong.bench.live_room``.

2,000 viewers of 50 comments a second receive 100,000 messages a second. The ``websockets`` client spends
tens of microseconds of Python on each (a frame object, UTF-8 decoding, a queue, a task wake-up), so the
load generator would need more CPU than the server it measures on the same machine. This codec only
splits the byte stream into frames and hands over each text payload as ``bytes``; the caller finds the
two fields it needs with a regular expression. Pure functions and one small parser class, no I/O.

Server frames are never masked (RFC 6455 5.1); client frames always are.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct

OP_CONTINUATION = 0x0
OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9
OP_PONG = 0xA
_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class FrameError(ValueError):
    """The peer sent something that is not a valid server frame."""


def handshake_request(host: str, port: int, path: str, key: str, origin: str) -> bytes:
    """The HTTP/1.1 upgrade request (no extensions: frames stay uncompressed)."""
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        f"Origin: {origin}",
        "",
        "",
    ]
    return "\r\n".join(lines).encode("latin-1")


def new_key() -> str:
    return base64.b64encode(os.urandom(16)).decode()


def accept_value(key: str) -> str:
    """The ``Sec-WebSocket-Accept`` a server must answer to ``key``."""
    return base64.b64encode(hashlib.sha1(key.encode() + _GUID).digest()).decode()  # noqa: S324 - RFC 6455


def parse_handshake(head: bytes, key: str) -> tuple[int, str | None]:
    """(HTTP status, error or None) of the server's answer head (up to and without the blank line)."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return 0, f"bad status line {lines[0][:60]!r}"
    status = int(parts[1])
    if status != 101:
        return status, f"HTTP {status}"
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("sec-websocket-accept") != accept_value(key):
        return status, "wrong Sec-WebSocket-Accept"
    return status, None


def mask(payload: bytes, key: bytes) -> bytes:
    """XOR ``payload`` with the 4-byte ``key`` repeated (one big-integer XOR, not a Python loop)."""
    if not payload:
        return payload
    repeated = (key * (len(payload) // 4 + 1))[: len(payload)]
    n = int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")
    return n.to_bytes(len(payload), "big")


def client_frame(payload: bytes, opcode: int = OP_TEXT, key: bytes | None = None) -> bytes:
    """One final, masked client frame."""
    key = os.urandom(4) if key is None else key
    length = len(payload)
    head = bytes([0x80 | opcode])
    if length < 126:
        head += bytes([0x80 | length])
    elif length < 1 << 16:
        head += bytes([0x80 | 126]) + struct.pack("!H", length)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", length)
    return head + key + mask(payload, key)


def server_frame(payload: bytes, opcode: int = OP_TEXT, fin: bool = True) -> bytes:
    """One unmasked frame as a server sends it (for tests)."""
    length = len(payload)
    head = bytes([(0x80 if fin else 0) | opcode])
    if length < 126:
        head += bytes([length])
    elif length < 1 << 16:
        head += bytes([126]) + struct.pack("!H", length)
    else:
        head += bytes([127]) + struct.pack("!Q", length)
    return head + payload


class FrameParser:
    """Feed it the bytes a socket receives; it returns the complete messages as (opcode, payload).

    Fragmented messages are joined (control frames may come between fragments, as RFC 6455 allows)."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self._fragments: list[bytes] = []
        self._fragment_opcode = 0

    def feed(self, data: bytes) -> list[tuple[int, bytes]]:
        buf = self.buffer
        buf += data
        out: list[tuple[int, bytes]] = []
        pos = 0
        end = len(buf)
        while end - pos >= 2:
            b0, b1 = buf[pos], buf[pos + 1]
            if b1 & 0x80:
                raise FrameError("a server frame must not be masked")
            length = b1 & 0x7F
            start = pos + 2
            if length == 126:
                if end - start < 2:
                    break
                length = (buf[start] << 8) | buf[start + 1]
                start += 2
            elif length == 127:
                if end - start < 8:
                    break
                (length,) = struct.unpack_from("!Q", buf, start)
                start += 8
            if end - start < length:
                break
            payload = bytes(buf[start : start + length])
            pos = start + length
            fin, opcode = b0 & 0x80, b0 & 0x0F
            if opcode >= OP_CLOSE:  # control frames are never fragmented
                out.append((opcode, payload))
            elif opcode == OP_CONTINUATION:
                if not self._fragments:
                    raise FrameError("continuation frame without a first fragment")
                self._fragments.append(payload)
                if fin:
                    out.append((self._fragment_opcode, b"".join(self._fragments)))
                    self._fragments = []
            elif fin:
                out.append((opcode, payload))
            else:
                self._fragment_opcode = opcode
                self._fragments = [payload]
        if pos:
            del buf[:pos]
        return out


def close_code(payload: bytes) -> int:
    """The status code of a close frame (1005 when it carries none)."""
    return struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005

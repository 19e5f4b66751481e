"""The load generator's WebSocket codec (lingong.bench.wsframes): frames as RFC 6455 writes them."""

from __future__ import annotations

import struct

import pytest

from lingong.bench import wsframes as ws


def unmask_client_frame(frame: bytes) -> tuple[int, bool, bytes]:
    """An independent decoder of one masked client frame: (opcode, fin, payload)."""
    b0, b1 = frame[0], frame[1]
    assert b1 & 0x80, "client frames are masked"
    length, pos = b1 & 0x7F, 2
    if length == 126:
        (length,) = struct.unpack("!H", frame[2:4])
        pos = 4
    elif length == 127:
        (length,) = struct.unpack("!Q", frame[2:10])
        pos = 10
    key = frame[pos : pos + 4]
    body = frame[pos + 4 :]
    assert len(body) == length
    return b0 & 0x0F, bool(b0 & 0x80), bytes(b ^ key[i % 4] for i, b in enumerate(body))


@pytest.mark.parametrize("size", [0, 1, 125, 126, 65535, 65536])
def test_client_frame_is_masked_and_decodes_to_the_payload(size):
    payload = bytes(i % 251 for i in range(size))
    frame = ws.client_frame(payload, key=b"\x01\x02\x03\x04")
    assert unmask_client_frame(frame) == (ws.OP_TEXT, True, payload)
    if size:
        assert frame[-size:] != payload  # really masked


def test_pong_and_close_frames_carry_their_opcode():
    assert unmask_client_frame(ws.client_frame(b"hi", ws.OP_PONG))[:2] == (ws.OP_PONG, True)
    assert unmask_client_frame(ws.client_frame(b"\x03\xe8", ws.OP_CLOSE))[0] == ws.OP_CLOSE


def test_parser_splits_several_frames_of_one_read():
    data = ws.server_frame(b'{"a":1}') + ws.server_frame(b"x" * 300) + ws.server_frame(b"y" * 70000)
    assert ws.FrameParser().feed(data) == [(1, b'{"a":1}'), (1, b"x" * 300), (1, b"y" * 70000)]


def test_parser_waits_for_the_rest_of_a_frame_fed_byte_by_byte():
    data = ws.server_frame("评论".encode() * 50) + ws.server_frame(b"", ws.OP_PING)
    parser = ws.FrameParser()
    got = []
    for i in range(len(data)):
        got += parser.feed(data[i : i + 1])
    assert got == [(1, "评论".encode() * 50), (ws.OP_PING, b"")]
    assert parser.buffer == bytearray()


def test_parser_joins_fragments_around_a_control_frame():
    data = (
        ws.server_frame(b"hel", ws.OP_TEXT, fin=False)
        + ws.server_frame(b"p", ws.OP_PING)
        + ws.server_frame(b"lo", ws.OP_CONTINUATION, fin=True)
    )
    assert ws.FrameParser().feed(data) == [(ws.OP_PING, b"p"), (ws.OP_TEXT, b"hello")]


def test_parser_refuses_masked_or_orphan_frames():
    with pytest.raises(ws.FrameError):
        ws.FrameParser().feed(ws.client_frame(b"x"))
    with pytest.raises(ws.FrameError):
        ws.FrameParser().feed(ws.server_frame(b"x", ws.OP_CONTINUATION))


def test_accept_value_of_the_rfc_example():
    assert ws.accept_value("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


def test_handshake_answers():
    key = ws.new_key()
    good = f"HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: {ws.accept_value(key)}"
    assert ws.parse_handshake(good.encode(), key) == (101, None)
    assert ws.parse_handshake(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0", key) == (403, "HTTP 403")
    wrong = "HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: nope"
    assert ws.parse_handshake(wrong.encode(), key) == (101, "wrong Sec-WebSocket-Accept")
    request = ws.handshake_request("127.0.0.1", 8000, "/ws/live/abc/?v=t", key, "http://127.0.0.1:8000")
    assert request.startswith(b"GET /ws/live/abc/?v=t HTTP/1.1\r\n")
    assert f"Sec-WebSocket-Key: {key}\r\n".encode() in request
    assert request.endswith(b"\r\n\r\n")


def test_close_code():
    assert ws.close_code(b"\x0f\xa3") == 4003
    assert ws.close_code(b"") == 1005

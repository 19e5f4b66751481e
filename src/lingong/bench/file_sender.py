"""An SMS sender for benchmarks: appends each message to a JSON-lines file another process can read.

Select it with ``LINGONG_SMS_SENDER=lingong.bench.file_sender.FileSender`` and ``LINGONG_BENCH_SMS_FILE``.
A benchmark driving a real server over HTTP reads the one-time signing codes back from that file, whichever
process (the server or the task worker) sent them.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from typing import Any


def append_json_line(path: str, record: dict[str, Any]) -> None:
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with open(path, "a", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # several server and worker processes append to the same file
        try:
            f.write(line)
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


class FileSender:
    """Writes the message instead of sending it; same signature as ``notifications.senders.LogSender``."""

    def send(self, *, phone: str, template: str, params: dict[str, Any], channel: str = "sms") -> str:
        path = os.environ.get("LINGONG_BENCH_SMS_FILE")
        if not path:
            raise RuntimeError("FileSender needs LINGONG_BENCH_SMS_FILE")
        message = {
            "phone": phone,
            "template": template,
            "params": params,
            "channel": channel,
            "t": time.time(),
        }
        append_json_line(path, message)
        return f"file-{time.time_ns()}"

"""A webhook receiver on loopback for the browser tests: answers 200 and keeps what it got."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["Delivered", "Receiver", "receiver"]


@dataclass(frozen=True, slots=True)
class Delivered:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass(slots=True)
class Receiver:
    """The running receiver: its base URL and what it got, in order."""

    url: str
    got: list[Delivered] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, count: int, seconds: float = 20.0) -> list[Delivered]:
        """Return the requests once there are ``count``; fail after ``seconds``."""
        deadline = time.monotonic() + seconds
        while True:
            with self.lock:
                if len(self.got) >= count:
                    return list(self.got)
            if time.monotonic() > deadline:
                raise AssertionError(f"the receiver got {len(self.got)} requests, not {count}")
            time.sleep(0.05)


def _handler(state: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            with state.lock:
                state.got.append(Delivered(self.path, headers, body))
            answer = b"thanks"
            self.send_response(200)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output quiet."""

    return Handler


@contextmanager
def receiver() -> Iterator[Receiver]:
    """Listen on 127.0.0.1 (a free port) for the block."""
    state = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)

"""A local HTTP server on 127.0.0.1 answering the platforms' "who am I" endpoints.

It answers in the documented shapes (Mastodon ``verify_credentials``, Discourse
``session/current.json``, GitHub ``/user``) for one known token, refuses others with 401, and
records the requests it saw so tests can check what was sent.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class WhoAmIServer:
    token: str
    user: str
    url: str = ""
    seen: list[dict[str, str]] = field(default_factory=list)
    broken_json: bool = False


def _handler(state: WhoAmIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            state.seen.append({"path": self.path, **dict(self.headers.items())})
            bearer = self.headers.get("Authorization") == f"Bearer {state.token}"
            if self.path == "/api/v1/accounts/verify_credentials" and bearer:
                body: object = {"id": "1", "username": state.user, "acct": state.user}
            elif self.path == "/user" and bearer:
                body = {"login": state.user, "id": 1, "type": "User"}
            elif (
                self.path == "/session/current.json"
                and self.headers.get("Api-Key") == state.token
                and self.headers.get("Api-Username") == state.user
            ):
                body = {"current_user": {"id": 1, "username": state.user}}
            else:
                self._send(401, b'{"error": "The access token is invalid"}')
                return
            raw = b"<html>not json" if state.broken_json else json.dumps(body).encode()
            self._send(200, raw)

        def _send(self, status: int, raw: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    return Handler


@contextmanager
def whoami_server(token: str, user: str) -> Iterator[WhoAmIServer]:
    state = WhoAmIServer(token, user)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

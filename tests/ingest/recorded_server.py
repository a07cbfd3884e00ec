"""A local HTTP server that answers with recorded responses, for the URL-ingest tests (no test
touches the network). A plain module: tests/ has no packages."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    body: bytes | str | object = b""
    status: int = 200
    headers: dict = field(default_factory=dict)
    cut_at: int | None = None
    """Send only this many bytes of the body (with the full Content-Length) and hang up."""

    def data(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return (self.body if isinstance(self.body, str) else json.dumps(self.body)).encode("utf-8")


class RecordedServer:
    """``routes``: ``{"GET /path?query": [Reply, ...]}`` (served in turn, the last one repeated) or
    a function ``(method, path, body) -> Reply``. ``hits`` lists every request made as
    ``(method, path, JSON body, User-Agent)``."""

    def __init__(self, routes):
        self.routes = routes
        self.hits: list[tuple[str, str, object]] = []
        self._turn: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def _answer(self, method: str):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                server.hits.append((method, self.path, body, self.headers.get("User-Agent")))
                reply = server.reply(method, self.path, body)
                data = reply.data()
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.cut_at is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data if reply.cut_at is None else data[:reply.cut_at])
                self.wfile.flush()
                if reply.cut_at is not None:
                    self.close_connection = True

            def do_GET(self):
                self._answer("GET")

            def do_POST(self):
                self._answer("POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def reply(self, method: str, path: str, body) -> Reply:
        if callable(self.routes):
            return self.routes(method, path, body)
        key = f"{method} {path}"
        replies = self.routes.get(key)
        if not replies:
            return Reply({"error": 404, "message": f"no recorded response for {key}"}, status=404)
        turn = self._turn.get(key, 0)
        self._turn[key] = turn + 1
        return replies[min(turn, len(replies) - 1)]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

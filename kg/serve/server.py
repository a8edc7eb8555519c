"""Running the app over HTTP: the standard library's wsgiref with one thread per
request (queries themselves run in worker processes, see :mod:`kg.serve.worker`)."""
from __future__ import annotations

import logging
import socketserver
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

log = logging.getLogger("kg.serve")


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _Handler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        log.info("%s %s", self.address_string(), format % args)


def make_http_server(app, host: str = "127.0.0.1", port: int = 8000) -> WSGIServer:
    """A threading HTTP server bound to ``host:port`` (port 0: a free port; read it
    from ``server.server_port``). Call ``serve_forever()``; ``shutdown()`` from
    another thread stops it."""
    return make_server(host, port, app, server_class=_ThreadingServer, handler_class=_Handler)

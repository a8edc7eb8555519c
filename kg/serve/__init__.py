"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint and the HTML views of a build."""
from kg.serve.app import App, Request, Response, Route, ServeConfig, ServeError, create_app
from kg.serve.server import make_http_server

__all__ = ["App", "Request", "Response", "Route", "ServeConfig", "ServeError", "create_app",
           "make_http_server"]

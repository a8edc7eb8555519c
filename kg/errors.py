"""Errors the library raises; the CLI turns them into one-line messages."""


class KGError(Exception):
    """Base class of every error `kg` reports to users."""


class InputError(KGError):
    """An input file is missing, empty, binary or not decodable text."""

    def __init__(self, path, problem: str, hint: str = ""):
        self.path = str(path)
        self.problem = problem
        self.hint = hint
        msg = f"{self.path}: {problem}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class QueryError(KGError):
    """A SPARQL query could not be read, parsed or run."""


class BuildError(KGError):
    """A build output directory is missing or unusable."""

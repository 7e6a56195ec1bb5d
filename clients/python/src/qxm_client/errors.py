"""Errors raised by the client: each carries the server's RFC 9457 problem details."""

from __future__ import annotations

from typing import Any, Dict, Optional


class QxmError(Exception):
    """The server refused a request; ``problem`` holds its problem details (type, title, status, detail, ...)."""

    def __init__(self, status: int, problem: Dict[str, Any]):
        self.status = status
        self.problem = problem
        self.type: str = str(problem.get("type", "about:blank"))
        self.title: str = str(problem.get("title", ""))
        self.detail: str = str(problem.get("detail", ""))
        super().__init__(f"HTTP {status}: {self.detail or self.title or 'error'}")

    @property
    def diagnostics(self) -> list:
        """The experiment's problems, each with rule, message, file, line and column, when the server gives them."""
        return list(self.problem.get("diagnostics", []))


class InvalidRequest(QxmError):
    """400 or 422: the experiment or the request is invalid (see ``diagnostics``)."""


class Unauthorized(QxmError):
    """401: no key, or an unknown, expired or revoked one."""


class Forbidden(QxmError):
    """403: the key's role or tenants do not allow this, or a quota is reached."""


class NotFound(QxmError):
    """404: no such run (or not one of the caller's tenants)."""


class Conflict(QxmError):
    """409: the run is in a state that does not allow it (e.g. results of a run that did not succeed)."""


class RateLimited(QxmError):
    """429: too many requests or a full queue; ``retry_after`` is the server's suggested wait in seconds."""

    def __init__(self, status: int, problem: Dict[str, Any], retry_after: Optional[float]):
        super().__init__(status, problem)
        self.retry_after = retry_after


class ServerError(QxmError):
    """5xx: the server failed; the request may be retried."""


class WaitTimeout(Exception):
    """``Client.wait`` gave up before the run ended."""


def error_for(status: int, problem: Dict[str, Any], retry_after: Optional[float] = None) -> QxmError:
    if status == 429:
        return RateLimited(status, problem, retry_after)
    kind = {400: InvalidRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict, 413: InvalidRequest,
            415: InvalidRequest, 422: InvalidRequest}.get(status)
    if kind is None:
        kind = ServerError if status >= 500 else QxmError
    return kind(status, problem)

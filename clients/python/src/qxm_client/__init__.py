"""qxm_client: submit experiments to a qxm server, wait for them, read results and events."""

from .client import TERMINAL_STATES, Client
from .errors import (Conflict, Forbidden, InvalidRequest, NotFound, QxmError, RateLimited, ServerError, Unauthorized,
                     WaitTimeout)

__all__ = ["Client", "TERMINAL_STATES", "QxmError", "InvalidRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict",
           "RateLimited", "ServerError", "WaitTimeout"]
__version__ = "0.1.0"

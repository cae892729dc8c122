"""Running the web app: uvicorn on one host and port, with every log line (access lines
included) passed through the filter that removes tokens."""

from __future__ import annotations

import copy
import logging
from typing import Any

from dragoman.web.security import RedactTokens

__all__ = ["log_config", "serve"]


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, with the token filter on every handler and the
    web app's own logger (errors with their ids) on the default handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"redact": {"()": RedactTokens}}
    for handler in config["handlers"].values():
        handler["filters"] = ["redact"]
    config["loggers"]["dragoman.web"] = {"handlers": ["default"], "level": "INFO"}
    return config


def serve(host: str, port: int, database_url: str) -> None:
    """Serve the app until stopped (Ctrl-C)."""
    import uvicorn

    from dragoman.web.app import create_app

    app = create_app(database_url)
    logging.getLogger("dragoman.web").addFilter(RedactTokens())
    config = uvicorn.Config(
        app, host=host, port=port, log_config=log_config(), timeout_graceful_shutdown=3
    )
    uvicorn.Server(config).run()

"""The client's log messages: logger ``dualhub_client``, the same event ids and words as the C# SDK (3000-3099).
Each record carries its id as ``record.event_id``."""

from __future__ import annotations

import logging

STARTED = (3000, logging.INFO)
FAILED_OVER = (3001, logging.WARNING)
FAILED_BACK = (3002, logging.INFO)
SPOOLED = (3003, logging.WARNING)
SPOOL_OVERFLOW = (3004, logging.ERROR)
SPOOL_DRAINED = (3005, logging.INFO)
PUSH_ATTEMPT_FAILED = (3006, logging.DEBUG)
BATCH_REJECTED = (3007, logging.ERROR)
PROBE_FAILED = (3008, logging.DEBUG)
HEALTH_LISTENING = (3009, logging.INFO)
PUSHGATEWAY_FAILED = (3010, logging.DEBUG)
LOOP_ERROR = (3011, logging.ERROR)
LISTENER_ERROR = (3013, logging.WARNING)
FIRST_ACCEPTED_AFTER_SWITCH = (3014, logging.INFO)
NATS_NOT_PUBLISHED = (3015, logging.WARNING)


def emit(logger: logging.Logger, event, message: str, *args, exc_info=None) -> None:
    event_id, level = event
    if logger.isEnabledFor(level):
        logger.log(level, message, *args, exc_info=exc_info, extra={"event_id": event_id})

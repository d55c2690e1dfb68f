"""A runnable example agent: ``python3 -m dualhub_client.example --config FILE``.

Pushes a few process metrics (prometheus_client's process and Python collectors, plus its own work loop's figures)
with the agent YAML's hubs, failover and spool, and serves ``/health`` on ``health_port``. Runs until SIGINT or
SIGTERM; exit 2 with the key named on a bad config.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import signal
import sys
import threading
import time

from prometheus_client import REGISTRY, Counter, Gauge, Histogram

from . import AgentConfigError, DualHubAgent, load_config

PROG = "dualhub_client.example"


class _EventIdFormatter(logging.Formatter):
    """One line per record, as the C# agents print theirs: ``2026-11-27T08:01:31.911Z warn: dualhub_client[3001] ...``."""

    _LEVELS = {"DEBUG": "dbug", "INFO": "info", "WARNING": "warn", "ERROR": "fail", "CRITICAL": "crit"}

    def format(self, record: logging.LogRecord) -> str:
        t = time.gmtime(record.created)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", t) + f".{int(record.msecs):03d}Z"
        line = f"{stamp} {self._LEVELS.get(record.levelname, record.levelname.lower())}: {record.name}[{getattr(record, 'event_id', 0)}] {record.getMessage()}"
        return line + ("\n" + self.formatException(record.exc_info) if record.exc_info else "")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description="Example DualHub agent: pushes process metrics with failover, spool and /health.")
    parser.add_argument("--config", required=True, help="agent configuration file (the agent YAML, docs/client.md)")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    args = parser.parse_args(argv)

    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(_EventIdFormatter())
    logging.basicConfig(level=args.log_level.upper(), handlers=[handler])
    try:
        options = load_config(args.config)
    except AgentConfigError as ex:
        print(f"{PROG}: {ex}", file=sys.stderr)
        return 2

    iterations = Counter("example_work_iterations", "Iterations of the example agent's work loop.")
    duration = Histogram("example_work_duration_seconds", "Time one iteration of the work loop took.")
    threads = Gauge("example_threads", "Threads of this process.")
    threads.set_function(threading.active_count)
    peak = Gauge("example_max_rss_bytes", "Peak resident set size of this process.")
    peak.set_function(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        agent = DualHubAgent(options, registry=REGISTRY).start()
    except (RuntimeError, ValueError, OSError) as ex:
        print(f"{PROG}: {ex}", file=sys.stderr)
        return 2
    try:
        while not stop.is_set():
            with duration.time():
                sum(i * i for i in range(2000))  # a little work to measure
            iterations.inc()
            stop.wait(1.0)
    finally:
        agent.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

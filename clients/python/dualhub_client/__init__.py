"""dualhub_client: push a prometheus_client registry to DualHub hubs with failover, a disk spool and sequence numbers.

The behaviour is the one docs/client.md describes for both clients (this one and the C# ``DualHub.Client``)::

    from dualhub_client import DualHubAgent, load_config
    agent = DualHubAgent(load_config("agent.yaml")).start()   # prometheus_client's global REGISTRY by default
    ...
    agent.stop()
"""

from .agent import AgentStats, DualHubAgent, grouping_path
from .config import (AgentConfigError, AgentOptions, ConfigSection, FailoverOptions, HubEndpoint, NatsOptions,
                     SpoolOptions, load_config, parse_config)
from .events import BatchAccepted, FailoverRecorder, HubChanged, SpoolOverflow
from .selector import HEALTHY, RECOVERING, UNHEALTHY, HubStatus

__all__ = [
    "AgentConfigError", "AgentOptions", "AgentStats", "BatchAccepted", "ConfigSection", "DualHubAgent",
    "FailoverOptions", "FailoverRecorder", "HEALTHY", "HubChanged", "HubEndpoint", "HubStatus", "NatsOptions",
    "RECOVERING", "SpoolOptions", "SpoolOverflow", "UNHEALTHY", "grouping_path", "load_config", "parse_config",
]

__version__ = "0.1.0"

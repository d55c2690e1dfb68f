#!/usr/bin/env bash
# Agent failover over a slow lossy link: the two pushgateways of the agent-failover drill run in a network namespace
# joined to this one by a veth pair with netem on both ends (each way: delay 100 ms +- 20 ms, 5 % loss), so every
# push, probe and connect crosses it. Root only (ip netns, tc). Prints the drill's table (see docs/benchmarks.md).
#   bench/agent-failover-netem.sh [crashes] [hangs] [push_interval_ms] [quiet_s] [adaptive]
set -euo pipefail
[[ $(id -u) == 0 ]] || { echo "agent-failover-netem: needs root (ip netns, tc netem)" >&2; exit 2; }
command -v tc >/dev/null || { echo "agent-failover-netem: tc not found (apt-get install iproute2)" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
ns=dhbench$$ host=vdh$$a peer=vdh$$b
cleanup() { ip netns del "$ns" 2>/dev/null || true; ip link del "$host" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$ns"
ip link add "$host" type veth peer name "$peer"
ip link set "$peer" netns "$ns"
ip addr add 10.213.$(( $$ % 250 )).1/30 dev "$host"
ip -n "$ns" addr add 10.213.$(( $$ % 250 )).2/30 dev "$peer"
ip link set "$host" up
ip -n "$ns" link set "$peer" up
ip -n "$ns" link set lo up
tc qdisc add dev "$host" root netem delay 100ms 20ms distribution normal loss 5% \
  || { echo "agent-failover-netem: tc netem is not available in this kernel (sch_netem)" >&2; exit 2; }
ip netns exec "$ns" tc qdisc add dev "$peer" root netem delay 100ms 20ms distribution normal loss 5%
DUALHUB_BENCH_NETNS=$ns DUALHUB_BENCH_HOST=10.213.$(( $$ % 250 )).2 \
  dotnet "$root/artifacts/bin/DualHub.Benchmarks/release/DualHub.Benchmarks.dll" agent-failover "${1:-50}" "${2:-50}" "${3:-200}" "${4:-60}" "${5:-1}"

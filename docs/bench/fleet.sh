#!/usr/bin/env bash
# The fleet benchmark (issue 17): the agent, with its buffer on and telemetry at QoS 1, reading a plant of Modbus TCP
# units behind a few gateway ports, every register changing between two polls. The units, an MQTT broker and a
# subscriber that counts what the cloud receives run in a separate process (FleetPeers), so that only the agent is
# measured. After a warm-up it prints, over the measured span: delivered tags/s (at the subscriber), the agent's CPU
# (% of one core), its peak RSS, its most threads, and the bytes it wrote to disk per delivered reading.
#
# Usage: docs/bench/fleet.sh [units 500] [units per port 200] [registers per unit 20] [warm-up s 30] [measured s 60]
#   500 units of 30 registers is the issue's fleet (15,000 tags/s; some 66,000 of the config's 100,000 keys and values).
#        docs/bench/fleet.sh opcua [machines 50] [monitored items per machine 20] [warm-up s 30] [measured s 60]
#   OPC UA machines instead: one Milo server with that many machine objects, every variable changing every 500 ms and
#   monitored at 500 ms sampling; the agent reads each machine as its own client, session and subscription.
#   AGENT_ROOT=<checkout>   run that checkout's agent/target/edge-agent.jar (e.g. an older commit) against the
#                           peers of this one; default: this checkout
#   AGENT_JAVA_OPTS=...     more JVM flags for the agent (e.g. -XX:TieredStopAtLevel=4 for C2), after the device's own;
#                           with -XX:NativeMemoryTracking=summary the agent's native memory is printed at the end
#   HEAP=64m                the agent's -Xmx (the device's default)
#   KEEP_WORK=1             keep the work folder (the agent's log, the peers' totals per second) and print its path
#   SAMPLE_S=300            print a row (minute, tags/s, CPU, RSS, threads, load) every so many seconds of the measured
#                           span; the default is 300 for a span of an hour or more, none below
# Needs `mvn -B -DskipTests package` in this checkout (the peers are in agent/target/test-classes, their broker and
# Modbus slaves with every library in demo/target/lib) and in AGENT_ROOT.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=modbus
if [ "${1:-}" = opcua ]; then
    mode=opcua
    shift
    units=${1:-50}
    per_port=0
    registers=${2:-20}
    warmup=${3:-30}
    measure=${4:-60}
    poll_ms=500
else
    units=${1:-500}
    per_port=${2:-200}
    registers=${3:-20}
    warmup=${4:-30}
    measure=${5:-60}
    poll_ms=1000
fi
agent_root=$(cd "${AGENT_ROOT:-.}" && pwd)
agent_jar="$agent_root/agent/target/edge-agent.jar"
peers_class=agent/target/test-classes/io/edgeagent/agent/bench/FleetPeers.class
for f in demo/target/lib/agent-*.jar "$peers_class" "$agent_jar"; do
    [ -f "$f" ] || { echo "missing $f: run mvn -B -DskipTests package first" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/fleet-bench.XXXXXX")   # on disk, not tmpfs: bytes written are counted
modbus_port=$((15500 + RANDOM % 2000))
# The OPC UA server's port in opcua mode, outside the Modbus range: a Modbus fleet run alongside may hold that port.
[ "$mode" = opcua ] && modbus_port=$((13500 + RANDOM % 1000))
broker_port=$((18850 + RANDOM % 1000))
peers=""
agent=""
cleanup() {
    set +e
    for pid in $agent $peers; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    if [ -n "${KEEP_WORK:-}" ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

java -Xmx768m -cp "agent/target/test-classes:demo/target/lib/*" \
    io.edgeagent.agent.bench.FleetPeers "$work" "$([ "$mode" = opcua ] && echo opcua || echo "$units")" \
    "$([ "$mode" = opcua ] && echo "$units" || echo "$per_port")" "$registers" "$poll_ms" "$modbus_port" \
    "$broker_port" >"$work/peers.out" 2>"$work/peers.err" &
peers=$!
for _ in $(seq 600); do grep -q '^ready' "$work/peers.out" 2>/dev/null && break; sleep 0.2; done
grep -q '^ready' "$work/peers.out" || { echo "the peers did not start:" >&2; tail "$work/peers.err" >&2; exit 1; }

# The device's JVM flags, as bin/edge-agent and the .deb's launcher set them.
# shellcheck disable=SC2086 # AGENT_JAVA_OPTS holds several options: split on purpose.
java -Xms16m -Xmx"${HEAP:-64m}" -Xmn8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:MaxMetaspaceSize=96m \
    -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError ${AGENT_JAVA_OPTS:-} -jar "$agent_jar" run --config "$work/fleet.yaml" 2>"$work/agent.log" &
agent=$!

delivered() { tail -n 1 "$work/peers.out" | awk '$1 == "delivered" { print $2 }'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$agent/stat"; }
written() { awk '$1 == "write_bytes:" { print $2 }' "/proc/$agent/io"; }
status() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$agent/status"; }

sleep "$warmup"
kill -0 "$agent" 2>/dev/null || { echo "the agent ended:" >&2; tail "$work/agent.log" >&2; exit 1; }
t0=$(date +%s.%N); d0=$(delivered); c0=$(cpu_ticks); w0=$(written)
threads_max=0; rss_samples=""
# A row every SAMPLE_S seconds (default: every 5 minutes in a run of an hour or more, none in shorter runs).
sample_s=${SAMPLE_S:-$([ "$measure" -ge 3600 ] && echo 300 || echo 0)}
if [ "$sample_s" -gt 0 ]; then
    printf '%-8s %-9s %-8s %-9s %-8s %-8s\n' minute "tags/s" "CPU %" "RSS MB" threads load1
    next_sample=$(( $(date +%s) + sample_s )); ts=$t0; ds=$d0; cs=$c0
fi
end=$(( $(date +%s) + measure ))
while [ "$(date +%s)" -lt "$end" ]; do
    kill -0 "$agent" 2>/dev/null || { echo "the agent ended:" >&2; tail "$work/agent.log" >&2; exit 1; }
    threads=$(status Threads); rss=$(status VmRSS)
    [ "$threads" -gt "$threads_max" ] && threads_max=$threads
    rss_samples="$rss_samples $((rss / 1024))"
    if [ "$sample_s" -gt 0 ] && [ "$(date +%s)" -ge "$next_sample" ]; then
        tn=$(date +%s.%N); dn=$(delivered); cn=$(cpu_ticks)
        awk -v t0="$t0" -v ts="$ts" -v tn="$tn" -v ds="$ds" -v dn="$dn" -v cs="$cs" -v cn="$cn" -v hz="$(getconf CLK_TCK)" \
            -v rss="$rss" -v threads="$threads" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
            printf "%-8.1f %-9.0f %-8.1f %-9d %-8d %-8s\n", (tn - t0) / 60, (dn - ds) / (tn - ts),
                (cn - cs) / hz / (tn - ts) * 100, rss / 1024, threads, load }'
        ts=$tn; ds=$dn; cs=$cn; next_sample=$((next_sample + sample_s))
    fi
    sleep 2
done
t1=$(date +%s.%N); d1=$(delivered); c1=$(cpu_ticks); w1=$(written)
hwm=$(status VmHWM)
hz=$(getconf CLK_TCK)

awk -v t0="$t0" -v t1="$t1" -v d0="$d0" -v d1="$d1" -v c0="$c0" -v c1="$c1" -v w0="$w0" -v w1="$w1" \
    -v hz="$hz" -v hwm="$hwm" -v threads="$threads_max" -v units="$units" -v per="$per_port" \
    -v regs="$registers" -v poll="$poll_ms" -v warmup="$warmup" -v jar="$agent_jar" -v mode="$mode" \
    -v opts="${AGENT_JAVA_OPTS:-}${MALLOC_ARENA_MAX:+ MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX}" -v heap="${HEAP:-64m}" 'BEGIN {
    s = t1 - t0; n = d1 - d0
    if (mode == "opcua")
        printf "fleet: %d OPC UA machines, %d monitored items each, sampled every %d ms", units, regs, poll
    else
        printf "fleet: %d Modbus TCP units, %d behind each port, %d registers each, polled every %d ms", \
            units, per, regs, poll
    printf " (%d tags/s offered)\n", units * regs * 1000 / poll
    printf "agent: %s, -Xmx%s %s; measured %.0f s after %d s of warm-up\n", jar, heap, opts, s, warmup
    printf "delivered tags/s:            %.0f\n", n / s
    printf "CPU, %% of one core:          %.1f\n", (c1 - c0) / hz / s * 100
    printf "peak RSS (VmHWM):            %d MB\n", hwm / 1024
    printf "threads (most seen):         %d\n", threads
    printf "bytes written per reading:   %.1f\n", (n > 0 ? (w1 - w0) / n : 0)
}'
echo "RSS samples (MB):$rss_samples"
if [[ "${AGENT_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then
    jcmd "$agent" VM.native_memory summary scale=MB | grep -E '^-|Total|committed' | grep -v '^ *$' || true
fi
grep -c ' WARN \| ERROR ' "$work/agent.log" | xargs echo "agent log warnings and errors:"

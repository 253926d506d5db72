#!/usr/bin/env bash
# The edge node under test for the Eclipse Sparkplug 3.0 TCK (docs/sparkplug.md, "The official TCK"): the agent of
# this checkout, run as `edge-agent run`, with one simulated Modbus TCP CNC control per TCK device so that no
# hardware is needed. The TCK harness (run-tck.sh) starts this once per test with the TCK_* environment and stops
# it with SIGTERM to its process group.
#
#   TCK_BROKER_URI    the TCK's broker: broker.urls
#   TCK_BROKER_URI_2  optional, a second broker after it in broker.urls (MultipleBrokerTest)
#   TCK_GROUP_ID      broker.sparkplug.groupId
#   TCK_EDGE_NODE_ID  broker.sparkplug.edgeNodeId
#   TCK_HOST_ID       broker.sparkplug.primaryHostId: no birth before its STATE says online
#   TCK_DEVICE_IDS    the machines (comma separated), which must be valid machine ids: lower case, digits, '-'
#   TCK_WORKDIR       holds the config, the logs and the agent's dataDir, so that bdSeq grows across a run's tests
#
# The agent's id is tck-agent, so its Sparkplug MQTT client id is tck-agent-sparkplug (run-tck.sh
# --edge-client-id). Needs a JDK 17 (java, javac) and agent/target/edge-agent.jar
# (mvn -B -o -q -pl agent -am -DskipTests package).
set -euo pipefail
: "${TCK_BROKER_URI:?} ${TCK_GROUP_ID:?} ${TCK_EDGE_NODE_ID:?} ${TCK_HOST_ID:?} ${TCK_DEVICE_IDS:?} ${TCK_WORKDIR:?}"
here=$(cd "$(dirname "$0")/../.." && pwd)
jar="$here/agent/target/edge-agent.jar"
[ -f "$jar" ] || { echo "tck-edge-node: no $jar; build it with mvn -B -o -q -pl agent -am -DskipTests package" >&2; exit 1; }

work="$TCK_WORKDIR/edge-agent"
mkdir -p "$work/tmp"
IFS=',' read -r -a devices <<< "$TCK_DEVICE_IDS"
# Short-lived JVMs: C1 alone starts them sooner, and a TCK test lasts seconds. Nothing the agent does differs.
java_opts=(-Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$work/tmp")

# The machines, compiled once per TCK run. They ignore the SIGTERM the harness sends to the whole process group, so
# that they stay up while the agent publishes its deaths; they are killed once the agent is gone (or by the
# harness's SIGKILL to the group).
sims="$here/docs/sparkplug/TckSimulators.java"
if [ ! -f "$work/classes/TckSimulators.class" ] || [ "$sims" -nt "$work/classes/TckSimulators.class" ]; then
    javac -cp "$jar" -d "$work/classes" "$sims"
fi
log="$work/simulators-${TCK_TEST:-run}.log"
(trap '' TERM INT; exec java -Xmx32m "${java_opts[@]}" -cp "$jar:$work/classes" TckSimulators "${devices[@]}" \
    > "$log" 2>&1) &
simulators=$!
trap 'kill -KILL "$simulators" 2>/dev/null || true' EXIT
until grep -qx ready "$log"; do
    kill -0 "$simulators" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done

{
    cat <<EOF
agent:
  id: tck-agent
  site: tck
  timezone: UTC
  dataDir: $work/data
broker:
  urls: [ "$TCK_BROKER_URI"${TCK_BROKER_URI_2:+, \"$TCK_BROKER_URI_2\"} ]
  json: false
  sparkplug:
    groupId: $TCK_GROUP_ID
    edgeNodeId: $TCK_EDGE_NODE_ID
    primaryHostId: $TCK_HOST_ID
  telemetry: { batchMs: 1000 }
machines:
EOF
    for device in "${devices[@]}"; do
        port=$(awk -v id="$device" '$1 == id { print $2 }' "$log")
        cat <<EOF
  - id: $device
    kind: cnc
    cycle: { nominalSeconds: 4 }
    modbus: { tcp: "127.0.0.1:$port", unit: 1, pollMs: 500 }
    signals:
      execution:   { register: holding:0 }
      partCount:   { register: holding:2, type: uint32 }
      spindleRpm:  { register: holding:4, type: float32, deadband: 50 }
      spindleLoad: { register: holding:6, type: float32, deadband: 2 }
      alarmCode:   { register: holding:8 }
    state:
      down:    { signal: alarmCode, ne: 0 }
      setup:   { signal: execution, eq: 4 }
      running: { signal: execution, in: [1, 2] }
      idle:    { otherwise: true }
    counter: partCount
EOF
    done
} > "$work/agent.yaml"

java -Xmx64m "${java_opts[@]}" -jar "$jar" run --config "$work/agent.yaml" &
agent=$!
trap 'kill -TERM "$agent" 2>/dev/null || true' TERM INT
# A trapped signal ends a wait early: wait again until the agent has stopped.
status=0
while kill -0 "$agent" 2>/dev/null; do wait "$agent" || status=$?; done
exit "$status"

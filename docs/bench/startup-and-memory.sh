#!/usr/bin/env bash
# Measures, for the agent alone on the demo's machines: time from process start to the first state on the
# broker, and resident memory after a minute of steady running. The simulators and the broker run in a
# separate process (`edge-agent demo --no-agent`) so they are not counted.
# Usage: docs/bench/startup-and-memory.sh [seconds-to-run, default 60]
set -euo pipefail
cd "$(dirname "$0")/../.."
run_for=${1:-60}
[ -f agent/target/edge-agent.jar ] || mvn -B -q -DskipTests package
feed=$(mktemp); log=$(mktemp)
bin/edge-agent demo --no-agent >"$feed" 2>/dev/null &
peers=$!
trap 'kill $peers $agent 2>/dev/null; wait 2>/dev/null; rm -f "$feed" "$log"' EXIT
until grep -q '^feed:' "$feed"; do sleep 0.2; done

start_ms=$(date +%s%3N)
bin/edge-agent run --config config/demo.yaml 2>"$log" &
agent=$!
until grep -q '/state ' "$feed"; do sleep 0.05; done
first_ms=$(date +%s%3N)
sleep "$run_for"
rss_kb=$(ps -o rss= -p "$(pgrep -P $agent java || echo $agent)" | tr -d ' ')
cpu=$(ps -o %cpu= -p "$(pgrep -P $agent java || echo $agent)" | tr -d ' ')
messages=$(grep -c 'edge/v1/' "$feed")
echo "start to first state on the broker: $((first_ms - start_ms)) ms"
echo "RSS after ${run_for}s: $((rss_kb / 1024)) MB"
echo "average CPU over the run (ps %cpu, one core = 100): ${cpu}%"
echo "messages seen by the subscriber: $messages"
kill -TERM $agent
stop_start=$(date +%s%3N)
wait $agent || true
echo "SIGTERM to exit: $(( $(date +%s%3N) - stop_start )) ms"

#!/usr/bin/env bash
# The agent's start-up from the jars as Maven resolved them (install/target/upstream) and from the same jars with
# their entries stored, as the .deb carries them (install/target/stage), alternately: wall time from process start
# to the first machine state on the broker, and the JVM's CPU time (user and system) and RSS at that moment. The
# demo's machines and broker run once, in a separate process (`edge-agent demo --no-agent`), for every start.
# Usage: docs/bench/stored-jars-startup.sh [rounds, default 6]  (after `mvn -B -DskipTests package`)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-6}
for jar in install/target/upstream/edge-agent.jar install/target/stage/edge-agent.jar; do
    [ -f "$jar" ] || { echo "no $jar: run mvn -B -DskipTests package first" >&2; exit 2; }
done
feed=$(mktemp)
bin/edge-agent demo --no-agent >"$feed" 2>/dev/null &
peers=$!
trap 'kill $peers 2>/dev/null; wait 2>/dev/null; rm -f "$feed"' EXIT
until grep -q '^feed:' "$feed"; do sleep 0.2; done
tick=$(getconf CLK_TCK)
for round in $(seq 1 "$rounds"); do
    for jars in upstream stage; do
        lines=$(wc -l <"$feed")
        start_ms=$(date +%s%3N)
        # bin/edge-agent's flags for `run`; the jar's Class-Path names lib/ beside it.
        java -Xms16m -Xmx64m -Xmn8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:MaxMetaspaceSize=96m \
            -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "install/target/$jars/edge-agent.jar" \
            run --config config/demo.yaml 2>/dev/null &
        agent=$!
        until tail -n +"$((lines + 1))" "$feed" | grep -q '/state '; do sleep 0.05; done
        first_ms=$(date +%s%3N)
        read -r user system <<<"$(awk '{print $14, $15}' "/proc/$agent/stat")"
        rss_kb=$(ps -o rss= -p "$agent" | tr -d ' ')
        echo "$jars round $round: first state after $((first_ms - start_ms)) ms," \
            "CPU $(((user + system) * 1000 / tick)) ms, RSS $((rss_kb / 1024)) MB, load $(cut -d' ' -f1 /proc/loadavg)"
        kill -TERM "$agent"
        wait "$agent" || true
    done
done

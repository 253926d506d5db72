#!/usr/bin/env bash
# What the Prometheus endpoint (metrics.listen, issue 23) costs the agent: CPU time and resident memory of three
# agents run side by side, at the same time, on the demo's machines and broker (`edge-agent demo --no-agent`, a
# separate process, not counted):
#   before  the agent of a commit without the endpoint (BASE, default fa62952), built in a temporary folder
#   off     this checkout's agent, without a metrics section (the default)
#   on      this checkout's agent with metrics.listen on loopback, scraped every 15 s with curl as Prometheus would
# Side by side, so that whatever else the machine runs slows all three alike.
# Usage: docs/bench/metrics-cost.sh [minutes measured, default 5] [seconds of warm-up first, default 60]
# ORDER="on off before" starts them in another order (default before off on); MVN="mvn -o" builds offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-5}
warmup=${2:-60}
base=${BASE:-fa62952}
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT

mvn=${MVN:-mvn}
order=${ORDER:-before off on}
[ -f agent/target/edge-agent.jar ] || $mvn -B -q -DskipTests -pl agent -am package
mkdir -p "$work/src"
git archive "$base" | tar -x -C "$work/src"
(cd "$work/src" && $mvn -B -q -DskipTests -pl agent -am package)

feed="$work/feed"
bin/edge-agent demo --no-agent >"$feed" 2>/dev/null &
pids+=($!)
until grep -q '^feed:' "$feed"; do sleep 0.2; done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
declare -A jar=([before]="$work/src/agent/target/edge-agent.jar" [off]="agent/target/edge-agent.jar"
                [on]="agent/target/edge-agent.jar")
declare -A pid
for v in $order; do
    mkdir -p "$work/$v"
    sed -e "s/^  id: demo-gw01 /  id: bench-$v /" -e "s|^  dataDir: .*|  dataDir: $work/$v/data|" config/demo.yaml \
        >"$work/$v/agent.yaml"
    [ "$v" = on ] && printf 'metrics:\n  listen: 127.0.0.1:%s\n' "$port" >>"$work/$v/agent.yaml"
    # The launcher's device flags (bin/edge-agent).
    java -Xms16m -Xmx64m -Xmn8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:MaxMetaspaceSize=96m \
        -XX:+UseSerialGC -jar "${jar[$v]}" run --config "$work/$v/agent.yaml" 2>"$work/$v/log" &
    pid[$v]=$!
    pids+=($!)
done

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
threads() { awk '/^Threads/ {print $2}' "/proc/$1/status"; }
scrape() { curl -s -o "$work/scrape" -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$port/metrics"; }

sleep "$warmup"
hz=$(getconf CLK_TCK)
declare -A cpu0 rsssum rssmax
for v in before off on; do cpu0[$v]=$(cpu "${pid[$v]}"); rsssum[$v]=0; rssmax[$v]=0; done
start=$(date +%s.%N)
samples=0; scrapes=0; scrape_s=0
for ((i = 0; i < minutes * 4; i++)); do
    read -r code took < <(scrape)
    [ "$code" = 200 ] || { echo "scrape answered $code" >&2; exit 1; }
    scrapes=$((scrapes + 1)); scrape_s=$(echo "$scrape_s + $took" | bc -l)
    for v in before off on; do
        r=$(rss "${pid[$v]}"); rsssum[$v]=$((rsssum[$v] + r)); [ "$r" -gt "${rssmax[$v]}" ] && rssmax[$v]=$r
    done
    samples=$((samples + 1))
    sleep 15
done
wall=$(echo "$(date +%s.%N) - $start" | bc -l)

echo "measured ${wall%.*} s after ${warmup} s of warm-up; $scrapes scrapes of 'on' (every 15 s), each" \
     "$(wc -c <"$work/scrape") bytes, $(printf '%.1f' "$(echo "1000 * $scrape_s / $scrapes" | bc -l)") ms on average"
printf '%-7s %14s %12s %14s %13s %8s\n' variant "CPU seconds" "CPU % core" "RSS mean MB" "RSS max MB" threads
for v in before off on; do
    used=$(echo "($(cpu "${pid[$v]}") - ${cpu0[$v]}) / $hz" | bc -l)
    printf '%-7s %14.2f %12.2f %14.1f %13.1f %8s\n' "$v" "$used" "$(echo "100 * $used / $wall" | bc -l)" \
        "$(echo "${rsssum[$v]} / $samples / 1024" | bc -l)" "$(echo "${rssmax[$v]} / 1024" | bc -l)" \
        "$(threads "${pid[$v]}")"
done

#!/usr/bin/env bash
# What the Sparkplug feed's drain costs beside the JSON feed's (issue 18): BufferBenchmark fills an outbox with the
# same readings, one per message, through each feed, then drains it unthrottled to an embedded broker. The Sparkplug
# session decodes every buffered DDATA and encodes it again (by alias, is_historical) on its way out; the JSON
# session sends the stored bytes as they are. Both at QoS 0, as Sparkplug DDATA goes. Run alternately (json,
# sparkplug, sparkplug, json) so that whatever else the machine runs slows both alike.
# Usage: docs/bench/sparkplug-drain.sh [readings per run, default 100000]; MVN="mvn -o" builds offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
readings=${1:-100000}
mvn=${MVN:-mvn}
# The broker and every library are in demo/target/lib.
[ -d demo/target/lib ] || $mvn -B -q -DskipTests -pl demo -am package
$mvn -B -q -pl agent -am test-compile
for feed in json sparkplug sparkplug json; do
    echo "== $feed, $readings readings, load $(cut -d' ' -f1-3 /proc/loadavg)"
    nice -n 19 java -Xmx1g -cp "agent/target/test-classes:demo/target/lib/*" \
        io.edgeagent.agent.bench.BufferBenchmark "$readings" 0 "$feed" 2>/dev/null \
        | grep -E '^(accepted|disk|drain|NOT|received)'
done

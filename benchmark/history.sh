#!/usr/bin/env bash
# How long `restore-drill history` takes on a large history, and how large the page gets: DRILLS drills x NIGHTS
# nightly reports (generated, in the layout `run --history` writes), rendered with --since covering them all, as a
# whole process (JVM start-up included), RUNS times; prints each run, the median and the page's size.
#
#   benchmark/history.sh                      # DRILLS=100 NIGHTS=365 RUNS=3
#   SCREENSHOT=docs/history.png DRILLS=3 NIGHTS=90 RUNS=1 benchmark/history.sh   # also a screenshot (chromium)
set -euo pipefail

DRILLS=${DRILLS:-100}
NIGHTS=${NIGHTS:-365}
RUNS=${RUNS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/bench-stats.sh"
. "$ROOT/scripts/find-java.sh"
JAVA_BIN=$(find_java) || { echo "no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 1; }
WORK=$(mktemp -d -t history-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "building ..." >&2
(cd "$ROOT" && ./mvnw -q -o -B -DskipTests -pl cli -am install \
    && ./mvnw -q -o -pl cli test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt")
CP="$ROOT/cli/target/test-classes:$ROOT/cli/target/classes:$(cat "$WORK/classpath.txt")"
echo "generating $DRILLS drills x $NIGHTS nights ..." >&2
"$JAVA_BIN" -cp "$CP" io.restoredrill.cli.history.HistoryBenchmarkMain "$WORK/reports" "$DRILLS" "$NIGHTS"
echo "$(find "$WORK/reports" -name '*.json' | wc -l) reports, $(du -sm "$WORK/reports" | cut -f1) MB" >&2

declare -a TIMES
for run in $(seq 1 "$RUNS"); do
    start=$(now)
    "$JAVA_BIN" -jar "$ROOT/cli/target/restore-drill.jar" history --reports "$WORK/reports" \
        --since "$(( NIGHTS + 2 ))d" --html "$WORK/history.html" >/dev/null
    TIMES+=("$(echo "$(now) - $start" | bc)")
    echo "run $run: ${TIMES[-1]} s" >&2
done
echo
echo "history of $DRILLS drills x $NIGHTS nights: median $(median "${TIMES[@]}") s (whole process, $RUNS runs)," \
    "page $(( $(stat -c %s "$WORK/history.html") / 1024 )) KB"
if [[ -n "${SCREENSHOT:-}" ]]; then
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$WORK/profile" \
        --window-size=1280,1500 --screenshot="$(realpath -m "$SCREENSHOT")" "file://$WORK/history.html" 2>/dev/null
    echo "screenshot: $SCREENSHOT"
fi

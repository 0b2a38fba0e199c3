#!/usr/bin/env bash
# A simulated night of 100 and of 500 drills on the local Step Functions engine (aws-local-stepfunctions: the
# deployable definition, its Distributed Map run inline, ItemReader and ResultWriter emulated by the test harness),
# restore times drawn with a fixed seed from 5 minutes to 2 hours, some drills failing; concurrency 40 under an
# instance quota of 40. Prints, per fleet: the simulated night's length, the peak of concurrent drills and instances
# (deleting ones included), the history events of the parent and of the largest child execution (counted with the
# event model documented in statemachine's HistoryEventModel), and the largest state payload. Also the wall time of
# each simulation here. The same assertions as the build's FleetSimulationTest apply.
#
#   benchmark/fleet.sh                 # SIZES=100,500
#   SIZES=3,100,500 benchmark/fleet.sh
set -euo pipefail

SIZES=${SIZES:-100,500}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/bench-stats.sh"
WORK=$(mktemp -d -t fleet-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

NPM_SKIP=false
[[ -d "$ROOT/statemachine/node_modules/aws-local-stepfunctions" ]] && NPM_SKIP=true
for size in ${SIZES//,/ }; do
    echo "simulating a night of $size drills ..." >&2
    start=$(now)
    (cd "$ROOT" && ./mvnw -B -ntp -o -q -pl statemachine -am test -Dnpm.skip="$NPM_SKIP" \
        -Dtest=FleetSimulationTest -Dsurefire.failIfNoSpecifiedTests=false \
        -Dfleet.sizes="$size" -Dfleet.report="$WORK/report.txt" >"$WORK/build-$size.log" 2>&1) \
        || { tail -50 "$WORK/build-$size.log" >&2; exit 1; }
    echo "  $(echo "$(now) - $start" | bc) s here (build and JVM start included)" >&2
done
echo
cat "$WORK/report.txt"

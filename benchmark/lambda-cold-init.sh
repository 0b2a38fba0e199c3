#!/usr/bin/env bash
# Cold initialisation of a Lambda function's handler on this machine: JVM start to handler constructed (the
# Lambda INIT phase: class loading, Config from the environment, SDK clients built), from the module's shaded
# deployable jar, in a fresh JVM per run. Prints each run and the median.
#
#   benchmark/lambda-cold-init.sh lambda-restore                      # RestoreHandler, 5 runs
#   RUNS=9 benchmark/lambda-cold-init.sh lambda-restore io.restoredrill.lambda.restore.StatusHandler
#
# JVM flags are the Lambda java21 runtime's defaults (-XX:+TieredCompilation -XX:TieredStopAtLevel=1, Serial GC);
# override with JAVA_OPTS. No network is touched: building an SDK client resolves nothing until the first call.
# Needs a JDK 21+ (JAVA, else JAVA_HOME, else the newest under /usr/lib/jvm) and Maven dependencies in ~/.m2
# (the jar is built offline unless it exists; BUILD=1 forces a rebuild).
set -euo pipefail

MODULE=${1:?usage: lambda-cold-init.sh <module, e.g. lambda-restore> [handler class]}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/$MODULE/target/$MODULE.jar"

. "$ROOT/scripts/find-java.sh"
JAVA=$(find_java) || { echo "no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 1; }
JAVAC="$(dirname "$JAVA")/javac"

if [[ ! -f "$JAR" || "${BUILD:-0}" == 1 ]]; then
    (cd "$ROOT" && ./mvnw -B -q -o -pl "core,$MODULE" -am package -DskipTests)
fi

HANDLER=${2:-}
if [[ -z "$HANDLER" ]]; then
    # The module's *Handler class whose name matches the module (lambda-restore -> RestoreHandler), else the first.
    name=${MODULE#lambda-}
    HANDLER=$(unzip -Z1 "$JAR" 'io/restoredrill/lambda/*Handler.class' | sed 's/\.class$//; s#/#.#g' \
        | awk -v n="${name^}Handler" -F. '$NF == n {print; found=1} END {}' | head -1)
    [[ -n "$HANDLER" ]] || HANDLER=$(unzip -Z1 "$JAR" 'io/restoredrill/lambda/*Handler.class' | head -1 | sed 's/\.class$//; s#/#.#g')
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JAVAC" --release 21 -d "$WORK" "$ROOT/benchmark/ColdInit.java"

# What the Lambda runtime sets, and what the deployment gives each function; the handlers' Config records read these.
export AWS_REGION=${AWS_REGION:-us-east-1} AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-benchmark} \
       AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-benchmark} AWS_LAMBDA_FUNCTION_NAME=cold-init-benchmark \
       REPORTS_BUCKET=${REPORTS_BUCKET:-cold-init-benchmark}
# Validate refuses to start without the RDS CA bundle; a stand-in file is enough to construct it.
if [[ -z "${RDS_CA_BUNDLE:-}" ]]; then
    printf -- '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n' > "$WORK/rds-ca.pem"
    export RDS_CA_BUNDLE="$WORK/rds-ca.pem"
fi
JAVA_OPTS=${JAVA_OPTS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}

echo "$HANDLER from $(basename "$JAR") ($(du -h "$JAR" | cut -f1)), $("$JAVA" -version 2>&1 | head -1), $RUNS runs"
times=()
for i in $(seq "$RUNS"); do
    # shellcheck disable=SC2086
    ms=$("$JAVA" $JAVA_OPTS -cp "$JAR:$WORK" ColdInit "$HANDLER" | awk '/ ms /{print $1}')
    echo "run $i: $ms ms"
    times+=("$ms")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "median: $median ms"

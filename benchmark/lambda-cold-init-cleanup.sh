#!/usr/bin/env bash
# Cold initialisation of the cleanup function: JVM start to handler ready (CleanupHandler constructed by its
# no-argument constructor, as the Lambda runtime does at INIT: config read, RDS client built), from the deployable
# jar target/lambda-cleanup.jar alone. Each run is a fresh JVM; the median of RUNS is reported.
#
#   benchmark/lambda-cold-init-cleanup.sh             # RUNS=5, builds the jar first
#   RUNS=9 SKIP_BUILD=1 benchmark/lambda-cold-init-cleanup.sh
#
# Each run also invokes the handler once against moto (moto_server on a free port; AWS_ENDPOINT_URL_RDS points the
# SDK at it) with a state document naming a freshly created, properly tagged instance, and checks that the instance
# is deleted. That proves the jar alone is enough (no class from a library the module excludes is loaded) and gives
# the first invocation's time, reported beside the init time.
#
# Figures per run:
#   init     JVM start (RuntimeMXBean start time) to handler constructed: what Lambda bills as INIT, minus the
#            runtime's own start-up
#   launch   fork of the java process to handler constructed (includes the JVM's own boot before its start time)
#   invoke   the first handleRequest (DescribeDBInstances + DeleteDBInstance against moto on localhost)
# JVM flags as the Lambda java21 runtime sets them: -XX:+TieredCompilation -XX:TieredStopAtLevel=1
# -XX:+UseSerialGC. Needs: a JDK 21+ (JAVA, else JAVA_HOME, else the newest under /usr/lib/jvm), moto_server, curl,
# Maven dependencies already in ~/.m2 (it builds offline).
set -euo pipefail

RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/bench-stats.sh"
JAR="$ROOT/lambda-cleanup/target/lambda-cleanup.jar"
HANDLER=io.restoredrill.lambda.cleanup.CleanupHandler

. "$ROOT/scripts/find-java.sh"
JAVA_BIN=$(find_java) || { echo "no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 1; }
JAVAC_BIN="$(dirname "$JAVA_BIN")/javac"
command -v moto_server >/dev/null || { echo "moto_server is not on PATH (pip install 'moto[server]==5.2.1')" >&2; exit 1; }

WORK=$(mktemp -d -t cold-init-cleanup.XXXXXX)
MOTO_PID=
cleanup() {
    if [[ -n "$MOTO_PID" ]]; then
        kill "$MOTO_PID" 2>/dev/null || true
        wait "$MOTO_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "building lambda-cleanup.jar ..." >&2
    (cd "$ROOT" && ./mvnw -q -o -pl core,lambda-cleanup -am package -DskipTests)
fi
[[ -f "$JAR" ]] || { echo "$JAR is missing: build it (drop SKIP_BUILD)" >&2; exit 1; }

# The launcher stands in for the Lambda runtime: construct the handler by name, note the instant, invoke it once.
# It is compiled outside the measured JVM and is the only class on the class path besides the jar.
mkdir -p "$WORK/launcher"
cat > "$WORK/launcher/ColdInit.java" <<'JAVA'
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

public class ColdInit {
    public static void main(String[] args) throws Exception {
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long ready = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        try (InputStream in = new FileInputStream(args[1])) {
            ((RequestStreamHandler) handler).handleRequest(in, out, null);
        }
        long invokeMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("READY_AT_MS=" + ready + " INIT_MS=" + (ready - jvmStart) + " INVOKE_MS=" + invokeMs);
        System.out.println("OUTPUT=" + out.toString(StandardCharsets.UTF_8));
    }
}
JAVA
"$JAVAC_BIN" -q --release 21 -cp "$JAR" -d "$WORK/launcher" "$WORK/launcher/ColdInit.java" 2>/dev/null \
    || "$JAVAC_BIN" --release 21 -cp "$JAR" -d "$WORK/launcher" "$WORK/launcher/ColdInit.java"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
ENDPOINT="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
    curl -fs -o /dev/null "$ENDPOINT/moto-api/" && break
    sleep 0.1
done

rds() {
    curl -fsS -o "$WORK/rds-answer.xml" "$ENDPOINT/" \
        -H 'Content-Type: application/x-www-form-urlencoded' \
        -H 'Authorization: AWS4-HMAC-SHA256 Credential=testing/20261126/us-east-1/rds/aws4_request, SignedHeaders=host, Signature=0' \
        --data "Version=2014-10-31&$1"
}

inits=()
launches=()
invokes=()
for run in $(seq 1 "$RUNS"); do
    execution="arn:aws:states:us-east-1:123456789012:execution:restore-drill:bench-$run"
    instance="restore-drill-bench-$run"
    rds "Action=CreateDBInstance&DBInstanceIdentifier=$instance&Engine=postgres&DBInstanceClass=db.t4g.micro&AllocatedStorage=20&MasterUsername=admin&MasterUserPassword=bench-password-1&Tags.Tag.1.Key=restore-drill%3Atemporary&Tags.Tag.1.Value=true&Tags.Tag.2.Key=restore-drill%3Aexecution&Tags.Tag.2.Value=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$execution")"
    cat > "$WORK/state.json" <<JSON
{"drill": {"name": "bench", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "bench-prod"}},
           "target": {"rds": {"instanceClass": "db.t4g.micro", "dbSubnetGroupName": "drill", "vpcSecurityGroupIds": []}}},
 "executionId": "$execution",
 "instance": {"id": "$instance", "status": "available", "rdsStatus": "available", "expiresAt": "2030-01-01T00:00:00Z"}}
JSON
    start_ms=$(date +%s%3N)
    result=$(env -i PATH="$PATH" HOME="$HOME" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
        AWS_ENDPOINT_URL_RDS="$ENDPOINT" \
        "$JAVA_BIN" -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -cp "$WORK/launcher:$JAR" ColdInit "$HANDLER" "$WORK/state.json" 2>"$WORK/stderr-$run.log" | grep -E '^(READY_AT_MS|OUTPUT)=' ) \
        || { echo "run $run failed:" >&2; cat "$WORK/stderr-$run.log" >&2; exit 1; }
    ready_ms=$(sed -n 's/.*READY_AT_MS=\([0-9]*\).*/\1/p' <<<"$result")
    init_ms=$(sed -n 's/.*INIT_MS=\([0-9]*\).*/\1/p' <<<"$result")
    invoke_ms=$(sed -n 's/.*INVOKE_MS=\([0-9]*\).*/\1/p' <<<"$result")
    if ! grep -q '"result":"deleted"' <<<"$result"; then
        echo "run $run: the handler did not delete $instance:" >&2
        echo "$result" >&2
        cat "$WORK/stderr-$run.log" >&2
        exit 1
    fi
    inits+=("$init_ms")
    launches+=($((ready_ms - start_ms)))
    invokes+=("$invoke_ms")
    printf 'run %d: init %4d ms   launch %4d ms   first invoke %4d ms\n' "$run" "$init_ms" $((ready_ms - start_ms)) "$invoke_ms"
done

echo "java: $("$JAVA_BIN" -version 2>&1 | head -1); jar: $(du -h "$JAR" | cut -f1)"
echo "median of $RUNS: init $(median "${inits[@]}") ms, launch $(median "${launches[@]}") ms, first invoke $(median "${invokes[@]}") ms"

#!/usr/bin/env bash
# Cold initialisation of the validate Lambda function on this machine: from the JVM process's start to
# ValidateHandler() constructed by its runtime constructor (environment read, S3 and Secrets Manager clients
# built, adapters wired, log4j2 configured), loaded from the deployable shaded jar as Lambda loads it.
# Prints each run and the median.
#
#   benchmark/lambda-validate-cold-init.sh            # 5 runs
#   RUNS=11 JAVA=/path/to/java benchmark/lambda-validate-cold-init.sh
#
# JVM flags as the Lambda java21 runtime starts its JVM (C1 only, serial GC). No AWS call is made: the clients are
# only built, as in a Lambda INIT phase. Set REBUILD=1 to rebuild the jar first.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
find_java() {
  local candidate major
  for candidate in "${JAVA:-}" "${JAVA_HOME:+$JAVA_HOME/bin/java}" $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    major=$("$candidate" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [[ "${major%%.*}" -ge 21 ]]; then echo "$candidate"; return; fi
  done
}
JAVA=$(find_java)
[[ -n "$JAVA" ]] || { echo "no JDK 21+ found: set JAVA=/path/to/java" >&2; exit 1; }

JAR=lambda-validate/target/lambda-validate.jar
CLASSES=lambda-validate/target/test-classes
if [[ "${REBUILD:-0}" == 1 || ! -f "$JAR" || ! -f "$CLASSES/io/restoredrill/lambda/validate/ColdInitMain.class" ]]; then
  ./mvnw -B -q -o -pl core,lambda-validate -am package -DskipTests
fi

echo "java: $("$JAVA" -version 2>&1 | head -1); jar: $(du -h "$JAR" | cut -f1)"
times=()
for i in $(seq 1 "$RUNS"); do
  ms=$(env -i PATH="$PATH" HOME="$HOME" AWS_REGION=us-east-1 REPORTS_BUCKET=bench-reports \
         AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench \
       "$JAVA" -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
         -cp "$JAR:$CLASSES" io.restoredrill.lambda.validate.ColdInitMain 2>/dev/null)
  echo "run $i: ${ms} ms"
  times+=("$ms")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
echo "median of $RUNS: ${median} ms (JVM start to ValidateHandler ready)"

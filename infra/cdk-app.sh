#!/bin/sh
# Runs the CDK app for `cdk synth|diff|deploy` (see cdk.json). Needs a JDK 21+ (JAVA_HOME, else `java` on PATH)
# and a build of the modules first, from the repository root:  ./mvnw -B package -DskipTests
set -eu
cd "$(dirname "$0")"
if [ ! -f target/app-classpath.txt ]; then
  echo "infra is not built: run ./mvnw -B package -DskipTests from the repository root first" >&2
  exit 1
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -cp "target/classes:$(cat target/app-classpath.txt)" io.restoredrill.infra.RestoreDrillApp

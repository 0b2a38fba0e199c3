#!/usr/bin/env bash
# Runs the shaded lambda-fleet.jar (not the test classpath) through a plan and a summary against moto S3 and a
# stand-in for RDS's DescribeAccountAttributes: proves the shade filters of lambda-fleet/pom.xml left in every class
# the handlers reach; then the audit function against moto (RDS, S3, STS). Needs moto_server, python3 and a JDK 21+ (JAVA, default: java on PATH).
# Build the jar first: ./mvnw -B -ntp -pl core,lambda-fleet -am verify -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/lambda-fleet.jar"
java="${JAVA:-java}"
free_port() { python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"; }
moto_port=$(free_port); rds_port=$(free_port)
moto_server -H 127.0.0.1 -p "$moto_port" >/dev/null 2>&1 & moto_pid=$!
python3 "$here/rds_stub.py" "$rds_port" & stub_pid=$!
trap 'kill "$moto_pid" "$stub_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s "http://127.0.0.1:$moto_port/moto-api/" >/dev/null && break; sleep 0.1; done
out=$(env AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
  AWS_ENDPOINT_URL_S3="http://127.0.0.1:$moto_port" AWS_ENDPOINT_URL_RDS="http://127.0.0.1:$rds_port" \
  REPORTS_BUCKET=drill-reports MAX_CONCURRENCY=40 DRILL_LIST_BUCKET=assets DRILL_LIST_KEY=drills.json \
  DEFAULT_DB_SUBNET_GROUP=drills "$java" -cp "$jar" "$here/Smoke.java" 2>&1)
echo "$out" | grep -E '^(PLAN|SUMMARY|ERROR) '
echo "$out" | grep -q '^PLAN {"items"' && echo "$out" | grep -q '^SUMMARY {"drills":1' \
  && echo "$out" | grep -q '^ERROR io.restoredrill.core.domain.InvalidConfigurationException frames=0' \
  || { echo "smoke run FAILED:"; echo "$out" | tail -40; exit 1; }
audit=$(env AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
  AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port" REPORTS_BUCKET=audit-reports AUDIT_BACKUP_VAULTS=false \
  AUDIT_BACKUP_ACCOUNT_ROLES=arn:aws:iam::111122223333:role/restore-drill-audit "$java" -cp "$jar" "$here/AuditSmoke.java" 2>&1)
echo "$audit" | grep -E '^(AUDIT|LATEST) ' | cut -c1-300
echo "$audit" | grep -q '^AUDIT {"checkedAt"' && echo "$audit" | grep -q 'account 111122223333 in us-east-1 (role' \
  || { echo "audit smoke run FAILED:"; echo "$audit" | tail -40; exit 1; }
echo "smoke run passed: $(stat -c %s "$jar") bytes"

#!/usr/bin/env bash
# Puts Amazon RDS's CA certificates where the validate function's build picks them up, so validate verifies the
# temporary instance's certificate (sslmode=verify-full). Run it once before building for deployment.
# Source: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html (global bundle).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/lambda-validate/src/main/resources/rds-ca/global-bundle.pem"
mkdir -p "$(dirname "$target")"
curl -fsS -o "$target.tmp" https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem
grep -q "BEGIN CERTIFICATE" "$target.tmp" || { echo "downloaded file is not a PEM bundle" >&2; rm -f "$target.tmp"; exit 1; }
mv "$target.tmp" "$target"
echo "RDS CA bundle: $target ($(grep -c 'BEGIN CERTIFICATE' "$target") certificates)"

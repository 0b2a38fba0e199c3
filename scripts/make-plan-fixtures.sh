#!/usr/bin/env bash
# Makes the Terraform plan fixtures of `restore-drill guard-plan`'s tests with the real terraform binary and its
# built-in terraform_data resource (no provider to download): real `terraform show -json` output, which pins the
# format the guard reads. Run once by hand; the outputs are committed under cli/src/test/resources/plans/.
#   scripts/make-plan-fixtures.sh            # needs terraform on PATH (made with Terraform 1.11.4)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/cli/src/test/resources/plans"
WORK=$(mktemp -d -t plan-fixtures.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
mkdir -p "$OUT"

cd "$WORK"
cat > main.tf <<'TF'
terraform {
  backend "local" {}
}
variable "generation" {
  default = 1
}
variable "with_extra" {
  default = true
}
resource "terraform_data" "orders_db" {
  input = "orders"
}
resource "terraform_data" "replaced" {
  input            = "v${var.generation}"
  triggers_replace = [var.generation]
}
resource "terraform_data" "replaced_first" {
  triggers_replace = [var.generation]
  lifecycle {
    create_before_destroy = true
  }
}
resource "terraform_data" "updated" {
  input = "v${var.generation}"
}
resource "terraform_data" "extra" {
  count = var.with_extra ? 1 : 0
  input = "extra"
}
module "nested" {
  source     = "./nested"
  generation = var.generation
}
TF
mkdir nested
cat > nested/main.tf <<'TF'
variable "generation" {}
resource "terraform_data" "inner" {
  triggers_replace = [var.generation]
}
TF
terraform init -input=false >/dev/null
terraform apply -auto-approve -input=false >/dev/null
# A plan with every kind of change: replace (delete first and create first), update in place, delete, no-op.
terraform plan -input=false -var generation=2 -var with_extra=false -out=changes.plan >/dev/null
terraform show -json changes.plan > "$OUT/terraform-data-changes.json"
# What `terraform destroy` would do: delete everything.
terraform plan -input=false -destroy -out=destroy.plan >/dev/null
terraform show -json destroy.plan > "$OUT/terraform-data-destroy.json"
# What `terraform init` records about the backend (here the local one).
mkdir -p "$OUT/local-backend/.terraform"
cp .terraform/terraform.tfstate "$OUT/local-backend/.terraform/terraform.tfstate"
terraform version -json > "$OUT/TERRAFORM_VERSION.json"
echo "wrote $(ls "$OUT" | wc -l) fixtures to $OUT"

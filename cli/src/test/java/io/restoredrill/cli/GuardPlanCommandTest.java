package io.restoredrill.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restoredrill.cli.RunCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore-drill guard-plan} on real Terraform plans (made by terraform with its built-in terraform_data
 * resources, see scripts/make-plan-fixtures.sh), and on plans of AWS resources and a CloudFormation change set
 * written by hand in their documented formats (src/test/resources/plans/README.md says which is which).
 */
class GuardPlanCommandTest {

    private static final Path PLANS = Path.of("src", "test", "resources", "plans");

    private static String plan(String name) {
        return PLANS.resolve(name).toString();
    }

    @Test
    void refusesEveryDeletionOfARealDestroyPlanWhenItsTypeIsProtected() {
        RunCommandTest.Result result = run("guard-plan", plan("terraform-data-destroy.json"),
                "--protect-type", "terraform_data");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("Terraform 1.11.4 plan (format 1.2), 6 resource changes")
                .contains("REFUSED  terraform_data.orders_db (terraform_data): would delete")
                .contains("REFUSED  module.nested.terraform_data.inner (terraform_data): would delete")
                .contains("to approve this one change: --allow terraform_data.extra[0]")
                .contains("guard-plan: REFUSED: 6 change(s)");
    }

    @Test
    void passesTheSameRealPlanWhenNothingInItIsADatabaseOrABackup() {
        RunCommandTest.Result result = run("guard-plan", plan("terraform-data-destroy.json"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("guard-plan: passed").doesNotContain("REFUSED");
    }

    @Test
    void refusesReplacementsInBothOrdersAndDeletionsButNotUpdatesOfARealPlan() {
        RunCommandTest.Result result = run("guard-plan", plan("terraform-data-changes.json"),
                "--protect-type", "terraform_data");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out())
                .contains("REFUSED  terraform_data.replaced (terraform_data): would replace (delete and create anew)")
                .contains("REFUSED  terraform_data.replaced_first (terraform_data): would replace")
                .contains("REFUSED  module.nested.terraform_data.inner (terraform_data): would replace")
                .contains("REFUSED  terraform_data.extra[0] (terraform_data): would delete")
                .contains("Terraform's reason: delete_because_count_index")
                .doesNotContain("terraform_data.updated (").doesNotContain("terraform_data.orders_db (")
                .contains("guard-plan: REFUSED: 4 change(s)");
    }

    @Test
    void approvesOneResourceAtATimeAndWarnsOfAnApprovalThatMatchesNothing() {
        RunCommandTest.Result some = run("guard-plan", plan("terraform-data-changes.json"),
                "--protect-type", "terraform_data", "--allow", "terraform_data.replaced", "--allow", "no.such");
        assertThat(some.exitCode()).isEqualTo(1);
        assertThat(some.out()).contains("ALLOWED  terraform_data.replaced (terraform_data)")
                .contains("REFUSED  terraform_data.replaced_first").contains("REFUSED: 3 change(s)");
        assertThat(some.err()).contains("--allow no.such matches no resource change in the plan");

        RunCommandTest.Result all = run("guard-plan", plan("terraform-data-changes.json"),
                "--protect-type", "terraform_data", "--allow", "terraform_data.replaced",
                "--allow", "terraform_data.replaced_first", "--allow", "module.nested.terraform_data.inner",
                "--allow", "terraform_data.extra[0]");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("(4 approved)");
    }

    @Test
    void refusesTheIncidentsTerraformDestroyOfTheDatabaseAndItsSnapshot() {
        RunCommandTest.Result result = run("guard-plan", plan("aws-incident.json"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out())
                .contains("REFUSED  aws_db_instance.orders (aws_db_instance): would delete a database")
                .contains("REFUSED  aws_db_snapshot.before_migration (aws_db_snapshot): would delete a protected aws_db_snapshot")
                .contains("REFUSED  module.analytics.aws_rds_cluster.main (aws_rds_cluster): would create a database"
                        + " with deletion protection not set")
                .contains("REFUSED  aws_db_instance.staging (aws_db_instance): would replace")
                // Buckets are protected only when named or tagged; an unchanged vault and a protected update pass.
                .doesNotContain("aws_s3_bucket").doesNotContain("aws_backup_vault.main")
                .doesNotContain("aws_db_instance.reporting");
    }

    @Test
    void protectsABucketOfDumpsByNameOrByTag() {
        RunCommandTest.Result byName = run("guard-plan", plan("aws-incident.json"), "--protect-name", "orders-dumps");
        assertThat(byName.out()).contains("REFUSED  aws_s3_bucket.dumps (aws_s3_bucket): would delete protected by"
                + " name (orders-dumps)").doesNotContain("aws_s3_bucket.logs");

        RunCommandTest.Result byTag = run("guard-plan", plan("aws-incident.json"), "--protect-tag", "backups");
        assertThat(byTag.out()).contains("REFUSED  aws_s3_bucket.dumps (aws_s3_bucket): would delete protected by tag"
                + " (backups=pg_dump)");

        RunCommandTest.Result otherValue = run("guard-plan", plan("aws-incident.json"),
                "--protect-tag", "backups=snapshots");
        assertThat(otherValue.out()).doesNotContain("aws_s3_bucket.dumps");
    }

    @Test
    void readsWhatAChangeSetsPolicyActionsAndContextsSay() {
        RunCommandTest.Result result = run("guard-plan", plan("changeset-incident.json"), "--protect-tag", "backups");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("CloudFormation change set nightly-update of stack orders, 11 resource changes")
                .contains("REFUSED  OrdersDb (AWS::RDS::DBInstance): would delete a database; PolicyAction Delete")
                .contains("REFUSED  ReportingDb (AWS::RDS::DBInstance): would delete a database; PolicyAction"
                        + " Snapshot: a final snapshot is taken, but the database itself is deleted")
                .contains("REFUSED  AnalyticsCluster (AWS::RDS::DBCluster): would replace")
                .contains("REFUSED  Vault (AWS::Backup::BackupVault): may delete or replace")
                .contains("Action Dynamic")
                .contains("REFUSED  LogsBucket (AWS::S3::Bucket): would delete protected by tag (backups=pg_dump)")
                .contains("REFUSED  NewDb (AWS::RDS::DBInstance): would create a database with deletion protection off")
                // Retained, in sync, an Aurora member (the cluster carries the protection), not a database: pass.
                .doesNotContain("ArchiveCluster").doesNotContain("DumpsBucket").doesNotContain("SyncedDb")
                .doesNotContain("NewClusterMember").doesNotContain("Queue")
                .contains("REFUSED: 6 change(s)");
    }

    @Test
    void refusesTerraformStateKeptOnlyOnThisMachine(@TempDir Path dir) {
        RunCommandTest.Result local = run("guard-plan", plan("terraform-data-changes.json"),
                "--terraform-dir", PLANS.resolve("local-backend").toString());
        assertThat(local.exitCode()).isEqualTo(1);
        assertThat(local.out()).contains("REFUSED  Terraform state: the backend recorded in")
                .contains("is \"local\"").contains("--allow local-state");

        RunCommandTest.Result none = run("guard-plan", plan("terraform-data-changes.json"),
                "--terraform-dir", dir.toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.out()).contains("no backend recorded");

        RunCommandTest.Result approved = run("guard-plan", plan("terraform-data-changes.json"),
                "--terraform-dir", dir.toString(), "--allow", "local-state");
        assertThat(approved.exitCode()).as(approved.toString()).isZero();

        RunCommandTest.Result remote = run("guard-plan", plan("terraform-data-changes.json"),
                "--terraform-dir", PLANS.resolve("s3-backend").toString());
        assertThat(remote.exitCode()).as(remote.toString()).isZero();
        assertThat(remote.out()).contains("OK       Terraform state in the \"s3\" backend");
    }

    @Test
    void exitsTwoOnInputThatIsNoPlan(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("plan.txt"), "Terraform will perform the following actions:");
        assertThat(run("guard-plan", notJson.toString())).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("is not JSON (line 1");
        });

        String real = Files.readString(PLANS.resolve("terraform-data-destroy.json"));
        Path cut = Files.writeString(dir.resolve("cut.json"), real.substring(0, real.length() / 2));
        assertThat(run("guard-plan", cut.toString())).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("cut.json is not JSON");
        });

        Path major = Files.writeString(dir.resolve("v2.json"), real.replace("\"format_version\":\"1.2\"",
                "\"format_version\":\"2.0\""));
        assertThat(run("guard-plan", major.toString())).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("format_version 2.0").contains("reads format 1.x");
        });

        Path minor = Files.writeString(dir.resolve("v1_9.json"), real.replace("\"format_version\":\"1.2\"",
                "\"format_version\":\"1.9\""));
        assertThat(run("guard-plan", minor.toString(), "--protect-type", "terraform_data").exitCode()).isEqualTo(1);

        Path other = Files.writeString(dir.resolve("other.json"), "{\"resources\": []}");
        assertThat(run("guard-plan", other.toString())).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("neither a Terraform plan");
        });

        assertThat(run("guard-plan", dir.resolve("missing.json").toString()).exitCode()).isEqualTo(2);
    }
}

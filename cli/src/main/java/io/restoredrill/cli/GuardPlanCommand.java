package io.restoredrill.cli;

import io.restoredrill.core.adapter.plan.PlanFiles;
import io.restoredrill.core.adapter.plan.ReadPlan;
import io.restoredrill.core.adapter.plan.TerraformBackend;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.guard.GuardFinding;
import io.restoredrill.core.guard.GuardPolicy;
import io.restoredrill.core.guard.PlanGuard;
import io.restoredrill.core.guard.PlannedChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code restore-drill guard-plan}: reads an infrastructure plan before it is applied and refuses it when it would
 * delete or replace a database or what holds its backups, or leave a database without deletion protection.
 */
@Command(name = "guard-plan", mixinStandardHelpOptions = true,
        description = "Refuses a Terraform plan (terraform show -json <planfile>) or a CloudFormation change set"
                + " (describe-change-set --include-property-values --output json) that would delete or replace an"
                + " RDS database, a DB snapshot, an AWS Backup vault or a protected bucket, or leave a database"
                + " without deletion protection. Approve one resource at a time with --allow.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing refused (or every refused change approved with --allow)",
                "1:the plan would destroy something protected, leave a database unprotected, or keep Terraform"
                        + " state only locally",
                "2:usage error: no such file, not JSON, cut short, an unknown plan format or major version"})
public final class GuardPlanCommand implements Callable<Integer> {

    /** The --allow value that approves keeping Terraform state only locally. */
    static final String LOCAL_STATE = "local-state";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<plan.json>", description = "The plan's JSON.")
    private Path plan;

    @Option(names = "--allow", paramLabel = "<address>",
            description = "Approve the refused change of this one resource (a Terraform address or a CloudFormation"
                    + " logical ID; " + LOCAL_STATE + " for local Terraform state). Repeat for each.")
    private List<String> allow = List.of();

    @Option(names = "--protect-type", paramLabel = "<type>",
            description = "Protect every resource of this type too (e.g. aws_s3_bucket). Repeatable.")
    private List<String> protectTypes = List.of();

    @Option(names = "--protect-name", paramLabel = "<name>",
            description = "Protect the resource with this name (a bucket of dumps, a DB identifier). Repeatable.")
    private List<String> protectNames = List.of();

    @Option(names = "--protect-tag", paramLabel = "<key[=value]>",
            description = "Protect every resource carrying this tag (any value when none is given). Repeatable.")
    private List<String> protectTags = List.of();

    @Option(names = "--terraform-dir", paramLabel = "<dir>",
            description = "The Terraform working directory: also refuse when its state is kept only locally.")
    private Path terraformDir;

    @Override
    public Integer call() {
        Map<String, Optional<String>> tags = new LinkedHashMap<>();
        for (String tag : protectTags) {
            int eq = tag.indexOf('=');
            if (eq == 0 || tag.isBlank()) {
                throw new InvalidConfigurationException("--protect-tag " + tag + ": give key or key=value");
            }
            tags.put(eq < 0 ? tag : tag.substring(0, eq), eq < 0 ? Optional.empty() : Optional.of(tag.substring(eq + 1)));
        }
        ReadPlan read = PlanFiles.read(plan);
        Optional<TerraformBackend.Finding> backend = Optional.ofNullable(terraformDir).map(TerraformBackend::inspect);
        Set<String> allowed = new LinkedHashSet<>(allow);
        List<GuardFinding> findings = new PlanGuard(GuardPolicy.defaultsWith(Set.copyOf(protectTypes),
                Set.copyOf(protectNames), tags)).judge(read.changes(), allowed);

        PrintWriter out = spec.commandLine().getOut();
        out.println("guard-plan: " + plan + ": " + read.description() + ", " + read.changes().size()
                + " resource changes");
        int refused = 0;
        for (GuardFinding f : findings) {
            if (f.allowed()) {
                out.println("  ALLOWED  " + f.address() + " (" + f.resourceType() + "): " + f.problem()
                        + " (approved with --allow)");
            } else {
                refused++;
                out.println("  REFUSED  " + f.address() + " (" + f.resourceType() + "): " + f.problem());
                out.println("           to approve this one change: --allow " + f.address());
            }
        }
        if (backend.isPresent()) {
            TerraformBackend.Finding state = backend.get();
            if (!state.localOnly()) {
                out.println("  OK       Terraform " + state.description());
            } else if (allowed.contains(LOCAL_STATE)) {
                out.println("  ALLOWED  Terraform state: " + state.description() + " (approved with --allow "
                        + LOCAL_STATE + ")");
            } else {
                refused++;
                out.println("  REFUSED  Terraform state: " + state.description()
                        + "; configure a remote backend (e.g. s3 with versioning) and run terraform init");
                out.println("           to approve: --allow " + LOCAL_STATE);
            }
        }
        Set<String> addresses = new LinkedHashSet<>(read.changes().stream().map(PlannedChange::address).toList());
        for (String a : allowed) {
            if (!a.equals(LOCAL_STATE) && !addresses.contains(a)) {
                spec.commandLine().getErr().println("restore-drill: warning: --allow " + a
                        + " matches no resource change in the plan");
            }
        }
        if (refused > 0) {
            out.println("guard-plan: REFUSED: " + refused + " change(s) must not be applied without approval");
            return RestoreDrillCli.DRILL_FAILED;
        }
        out.println("guard-plan: passed: no protected resource is deleted or replaced, and every database keeps"
                + " deletion protection" + (findings.isEmpty() ? "" : " (" + findings.size() + " approved)"));
        return RestoreDrillCli.PASSED;
    }
}

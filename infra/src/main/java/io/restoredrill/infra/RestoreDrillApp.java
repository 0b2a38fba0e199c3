package io.restoredrill.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CDK app: {@code cdk synth} / {@code cdk deploy} in {@code infra/} run it (see infra/cdk.json). Deployment
 * parameters come from {@code restore-drill.config.json} (or the file named by {@code -c config=PATH}) and from
 * CDK context ({@code -c vpcId=vpc-...}), context winning. cdk-nag's AwsSolutions pack runs on every synth; an
 * unsuppressed error fails it.
 */
public final class RestoreDrillApp {

    public static final String DEFAULT_CONFIG_FILE = "restore-drill.config.json";

    private RestoreDrillApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Object configContext = app.getNode().tryGetContext("config");
        Path configPath = Path.of(configContext == null ? DEFAULT_CONFIG_FILE : configContext.toString());
        Optional<Path> configFile = Files.isRegularFile(configPath) ? Optional.of(configPath) : Optional.empty();
        if (configContext != null && configFile.isEmpty()) {
            throw new IllegalArgumentException("config file " + configPath.toAbsolutePath() + " does not exist");
        }
        DeploymentConfig config = DeploymentConfig.load(configFile, key -> app.getNode().tryGetContext(key),
                Optional.ofNullable(System.getenv("CDK_DEFAULT_ACCOUNT")),
                Optional.ofNullable(System.getenv("CDK_DEFAULT_REGION")));
        Object rootContext = app.getNode().tryGetContext("repositoryRoot");
        Path root = rootContext == null ? findRepositoryRoot(Path.of("").toAbsolutePath()) : Path.of(rootContext.toString());
        Object stackName = app.getNode().tryGetContext("stackName");

        Object definitionContext = app.getNode().tryGetContext("stateMachineDefinition");
        Path definition = definitionContext == null ? root.resolve(RestoreDrillStack.DEFAULT_DEFINITION)
                : Path.of(definitionContext.toString());

        new RestoreDrillStack(app, stackName == null ? "RestoreDrill" : stackName.toString(), StackProps.builder()
                .env(Environment.builder().account(config.account()).region(config.region()).build())
                .description("restore-drill: proves every night that the latest database backups restore")
                .build(),
                new RestoreDrillStack.Settings(config, DrillFleet.read(config.drillsFile()), root, definition));
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        app.synth();
    }

    /**
     * The repository root: the nearest directory at or above {@code start} holding the lambda modules (cdk runs
     * the app from infra/, so usually its parent).
     */
    static Path findRepositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("lambda-restore")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a directory with lambda-restore/ and pom.xml) at or above "
                + start + "; pass -c repositoryRoot=PATH");
    }
}

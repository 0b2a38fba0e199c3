package io.restoredrill.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The stack under test, synthesized once per test JVM (the first synth costs seconds: jsii starts Node), with
 * cdk-nag's AwsSolutions pack applied as the app applies it.
 *
 * <p>The jars are small stand-ins in a temporary repository root, so the tests do not depend on the lambda
 * modules' build. The state machine definition is the real one, from the statemachine module (system property
 * {@code restoredrill.stateMachineDefinition} overrides it).
 */
final class SynthesizedStack {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final String VPC_ID = "vpc-0a1b2c3d4e5f60718";
    static final java.util.List<String> SUBNETS = java.util.List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2");
    static final String EMAIL = "drills@example.com";

    private static SynthesizedStack instance;

    final RestoreDrillStack stack;
    final Template template;
    final Annotations annotations;
    final Path definition;
    final double synthSeconds;

    private SynthesizedStack(RestoreDrillStack stack, Template template, Annotations annotations, Path definition,
                             double synthSeconds) {
        this.stack = stack;
        this.template = template;
        this.annotations = annotations;
        this.definition = definition;
        this.synthSeconds = synthSeconds;
    }

    static synchronized SynthesizedStack get() {
        if (instance == null) {
            long start = System.nanoTime();
            Path definition = definitionUnderTest();
            App app = new App(AppProps.builder().outdir(temporaryDirectory("cdk-out").toString()).build());
            RestoreDrillStack stack = new RestoreDrillStack(app, "RestoreDrillTest", stackProps(),
                    new RestoreDrillStack.Settings(config(true), DrillFleet.read(resource("drills.yaml")),
                            stubRepositoryRoot(), definition));
            Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
            Template template = Template.fromStack(stack);
            Annotations annotations = Annotations.fromStack(stack);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("restore-drill infra: first synth (with cdk-nag) took %.1f s; definition %s%n", seconds,
                    definition);
            instance = new SynthesizedStack(stack, template, annotations, definition, seconds);
        }
        return instance;
    }

    static StackProps stackProps() {
        return StackProps.builder().env(Environment.builder().account(ACCOUNT).region(REGION).build()).build();
    }

    static DeploymentConfig config(boolean backupsBucket) {
        return new DeploymentConfig(ACCOUNT, REGION, VPC_ID, SUBNETS, java.util.List.of("us-east-1a", "us-east-1b"),
                resource("drills.yaml"), Optional.of(EMAIL), Optional.empty(), backupsBucket, Optional.empty(), 35,
                DeploymentConfig.DEFAULT_MAX_CONCURRENCY, java.util.List.of("eu-west-1"), java.util.List.of(AUDIT_ROLE),
                false, true);
    }

    /** The backup account's role the test stack's audit reads copies with (the call manifest's example). */
    static final String AUDIT_ROLE = "arn:aws:iam::111122223333:role/restore-drill-audit";

    static Path definitionUnderTest() {
        String override = System.getProperty("restoredrill.stateMachineDefinition");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return repositoryRoot().resolve(RestoreDrillStack.DEFAULT_DEFINITION);
    }

    /** The checkout this module lives in (surefire runs the tests in infra/). */
    static Path repositoryRoot() {
        return RestoreDrillApp.findRepositoryRoot(Path.of("").toAbsolutePath());
    }

    static Path resource(String name) {
        try {
            return Path.of(SynthesizedStack.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " is missing", e);
        }
    }

    /** A repository root holding a tiny zip in place of each deployable jar. */
    static Path stubRepositoryRoot() {
        Path root = temporaryDirectory("repo");
        for (RestoreDrillStack.Handler handler : RestoreDrillStack.Handler.values()) {
            Path jar = root.resolve(handler.jar());
            if (Files.exists(jar)) {
                continue;
            }
            try {
                Files.createDirectories(jar.getParent());
                try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
                    zip.putNextEntry(new ZipEntry("stub/" + handler.name() + ".txt"));
                    zip.write(handler.handler().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static Path temporaryDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory("restore-drill-infra-" + prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources(String type) {
        return (Map<String, Map<String, Object>>) (Map<String, ?>) template.findResources(type);
    }
}

package io.restoredrill.core.workflow;

import io.restoredrill.core.adapter.in.lambda.StateJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.testing.MotoServer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * RDS instances in moto for cleanup and reaper tests: the drill's own temporary instances, production instances,
 * and the suspicious ones in between. The instances the product code sees go through {@link #instances()}, whose
 * RDS client records every operation it sends ({@link #operationsSent()}), so a test can prove that a refusal
 * made no AWS call, or no DeleteDBInstance call.
 *
 * <p>moto 5.2.1 creates instances with plain CreateDBInstance, without a DB subnet group (checked here).
 */
public final class DrillInstancesFixture implements AutoCloseable {

    public static final String DRILL = "orders";
    public static final String EXECUTION =
            "arn:aws:states:us-east-1:123456789012:execution:restore-drill:nightly-2026-11-26";
    public static final String OTHER_EXECUTION =
            "arn:aws:states:us-east-1:123456789012:execution:restore-drill:nightly-2026-11-25";
    /** The identifier the restore step gives this drill's instance in {@link #EXECUTION}. */
    public static final String OWN_INSTANCE = TemporaryInstanceName.of(DRILL, EXECUTION);
    public static final String PRODUCTION = "orders-prod";

    private final RdsClient setup;
    private final RdsClient product;
    private final List<String> operations = new CopyOnWriteArrayList<>();

    public DrillInstancesFixture() {
        MotoServer.reset();
        setup = MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient()).build();
        product = MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                    }
                }))
                .build();
    }

    /** The adapter the product uses, over the recording client. */
    public RdsTemporaryInstances instances() {
        return new RdsTemporaryInstances(product);
    }

    /** The snapshot-copy adapter the product uses, over the recording client. */
    public io.restoredrill.core.adapter.rds.RdsSnapshotCopies copies() {
        return new io.restoredrill.core.adapter.rds.RdsSnapshotCopies(product);
    }

    /** The RDS client the product code uses (records what it sends). */
    public RdsClient productClient() {
        return product;
    }

    /** The RDS operations the product code sent, in order, e.g. {@code DescribeDBInstances}. */
    public List<String> operationsSent() {
        return List.copyOf(operations);
    }

    /** A temporary instance as the restore step creates it: prefix and all four tags. */
    public void createDrillInstance(String identifier, String executionId, Instant expiresAt) {
        create(identifier, drillTags(executionId, expiresAt.toString()), false);
    }

    /**
     * A drill's temporary snapshot copy as the restore step makes it: the drill name and all four tags (in moto a
     * manual snapshot of a scratch instance; RDS's copy of a shared snapshot looks the same to cleanup and reaper).
     */
    public void createDrillSnapshotCopy(String identifier, String executionId, Instant expiresAt) {
        String source = "copy-source";
        if (status(source).isEmpty()) {
            create(source, Map.of(), false);
        }
        setup.createDBSnapshot(r -> r.dbInstanceIdentifier(source).dbSnapshotIdentifier(identifier)
                .tags(drillTags(executionId, expiresAt.toString()).entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }

    /** Whether this account has a snapshot with the identifier. */
    public boolean snapshotExists(String identifier) {
        try {
            return !setup.describeDBSnapshots(r -> r.dbSnapshotIdentifier(identifier)).dbSnapshots().isEmpty();
        } catch (software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException e) {
            return false;
        }
    }

    public static Map<String, String> drillTags(String executionId, String expiresAt) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(DrillTags.TEMPORARY, "true");
        tags.put(DrillTags.DRILL, DRILL);
        tags.put(DrillTags.EXECUTION, executionId);
        tags.put(DrillTags.EXPIRES_AT, expiresAt);
        return tags;
    }

    public void create(String identifier, Map<String, String> tags, boolean deletionProtection) {
        setup.createDBInstance(r -> r.dbInstanceIdentifier(identifier)
                .engine("postgres")
                .dbInstanceClass("db.t4g.micro")
                .allocatedStorage(20)
                .masterUsername("admin")
                .masterUserPassword("not-a-secret-1")
                .deletionProtection(deletionProtection)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                        .toList()));
        // moto may report protection that was not asked for; the tests rely on what they asked for.
        boolean actual = Boolean.TRUE.equals(setup.describeDBInstances(r -> r.dbInstanceIdentifier(identifier))
                .dbInstances().getFirst().deletionProtection());
        if (actual != deletionProtection) {
            setup.modifyDBInstance(r -> r.dbInstanceIdentifier(identifier).deletionProtection(deletionProtection)
                    .applyImmediately(true));
        }
    }

    /** The RDS status of the instance, or empty when it no longer exists (moto forgets deleted instances). */
    public Optional<String> status(String identifier) {
        try {
            return setup.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream()
                    .findFirst().map(i -> i.dbInstanceStatus());
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    public boolean exists(String identifier) {
        return status(identifier).filter(s -> !s.equals("deleting")).isPresent();
    }

    /** The first state of this drill in {@link #EXECUTION}, as the state machine starts it. */
    public static DrillState startState() {
        return DrillState.start(spec(), EXECUTION);
    }

    /** The state after a restore that created {@code identifier}. */
    public static DrillState stateWithInstance(String identifier) {
        return startState().withInstance(new DrillState.Instance(identifier, InstanceStatus.AVAILABLE, "available",
                Optional.of(new DrillState.Endpoint(identifier + ".example.rds.amazonaws.com", 5432)),
                Optional.empty(), Optional.of("admin"), Instant.parse("2026-11-26T08:00:00Z")));
    }

    public static DrillInput spec() {
        try {
            return StateJson.drill(StateJson.mapper().readTree("""
                    {"name": "orders",
                     "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod"}},
                     "maxBackupAgeHours": 26,
                     "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill-isolated",
                                        "vpcSecurityGroupIds": ["sg-0abc"]}},
                     "checks": []}"""));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        setup.close();
        product.close();
    }
}

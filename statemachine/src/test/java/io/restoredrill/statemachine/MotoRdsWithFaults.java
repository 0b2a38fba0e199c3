package io.restoredrill.statemachine;

import io.restoredrill.core.domain.TemporaryInstanceName;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CopyDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CopyDbSnapshotResponse;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.Endpoint;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotResponse;

import software.amazon.awssdk.services.rds.model.CopyDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CopyDbClusterSnapshotResponse;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterResponse;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterResponse;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotResponse;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The RDS client the real handlers get in {@link RealHandlersWorkflowTest}: moto, plus what moto cannot do. Every
 * call goes to moto unchanged, except:
 * <ul>
 *   <li>The endpoint of a drill's temporary instance. moto's is a made-up host name; DescribeDBInstances names the
 *       embedded PostgreSQL that plays the restored instance instead (the status step copies it into the state
 *       document, the validate step connects to it), or, for {@link #servedBy}, another one (a blank instance an
 *       S3-dump drill loads), or, for {@link #unreachable}, a port nobody listens on.</li>
 *   <li>{@link #reportStatus}: moto makes a restored instance {@code available} at once; RDS may keep it
 *       {@code creating} for an hour or end in {@code failed}. DescribeDBInstances reports that status for the
 *       drill's instance, to every handler, as RDS would.</li>
 *   <li>{@link #failDeletes}: moto deletes whatever it is asked to. DeleteDBInstance of the drill's instance throws
 *       what the SDK throws when RDS still answers 500 after the SDK's own retries (so no SDK retry happens here:
 *       this is the exception that reaches the handler after them).</li>
 *   <li>An Aurora cluster drill's cluster: DescribeDBClusters names the embedded server as its writer endpoint.</li>
 * </ul>
 * Faults are per drill (by the drill's part of the temporary instance's identifier) and hold until
 * {@link #clearFaults()}.
 */
final class MotoRdsWithFaults implements RdsClient {

    private final RdsClient moto;
    private final Endpoint restoredInstance;
    private final Map<String, String> statusByDrill = new ConcurrentHashMap<>();
    private final Map<String, Integer> unreachablePortByDrill = new ConcurrentHashMap<>();
    private final Map<String, Integer> serverPortByDrill = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failingDeletesByDrill = new ConcurrentHashMap<>();

    /**
     * @param moto       the client for moto
     * @param host where the drills' restored instances are reachable: the embedded PostgreSQL
     * @param port its port
     */
    MotoRdsWithFaults(RdsClient moto, String host, int port) {
        this.moto = moto;
        this.restoredInstance = Endpoint.builder().address(host).port(port).build();
    }

    /** From now on, DescribeDBInstances reports the drill's instance with this RDS status. */
    void reportStatus(String drill, String rdsStatus) {
        statusByDrill.put(drill, rdsStatus);
    }

    /** The drill's instance is the PostgreSQL server on this port of the same host. */
    void servedBy(String drill, int port) {
        serverPortByDrill.put(drill, port);
    }

    /** The drill's instance is reachable at no address: connections to it are refused. */
    void unreachable(String drill, int closedPort) {
        unreachablePortByDrill.put(drill, closedPort);
    }

    /** The next {@code times} DeleteDBInstance calls for the drill's instance fail with a 500. */
    void failDeletes(String drill, int times) {
        failingDeletesByDrill.put(drill, new AtomicInteger(times));
    }

    void clearFaults() {
        statusByDrill.clear();
        unreachablePortByDrill.clear();
        serverPortByDrill.clear();
        failingDeletesByDrill.clear();
    }

    @Override
    public DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest request) {
        DescribeDbInstancesResponse response = moto.describeDBInstances(request);
        return response.toBuilder()
                .dbInstances(response.dbInstances().stream().map(this::asTheDrillSeesIt).toList())
                .build();
    }

    @Override
    public DeleteDbInstanceResponse deleteDBInstance(DeleteDbInstanceRequest request) {
        Optional<AtomicInteger> failures = drillOf(request.dbInstanceIdentifier())
                .map(failingDeletesByDrill::get);
        if (failures.isPresent() && failures.get().getAndDecrement() > 0) {
            throw RdsException.builder()
                    .statusCode(500)
                    .message("An internal error has occurred. Please try your query again at a later time.")
                    .awsErrorDetails(AwsErrorDetails.builder().serviceName("Rds").errorCode("InternalFailure")
                            .errorMessage("An internal error has occurred.").build())
                    .build();
        }
        return moto.deleteDBInstance(request);
    }

    @Override
    public DescribeDbSnapshotsResponse describeDBSnapshots(DescribeDbSnapshotsRequest request) {
        return moto.describeDBSnapshots(request);
    }

    @Override
    public RestoreDbInstanceFromDbSnapshotResponse restoreDBInstanceFromDBSnapshot(
            RestoreDbInstanceFromDbSnapshotRequest request) {
        return moto.restoreDBInstanceFromDBSnapshot(request);
    }

    @Override
    public CreateDbInstanceResponse createDBInstance(CreateDbInstanceRequest request) {
        return moto.createDBInstance(request);
    }

    @Override
    public ModifyDbInstanceResponse modifyDBInstance(ModifyDbInstanceRequest request) {
        return moto.modifyDBInstance(request);
    }

    @Override
    public CopyDbSnapshotResponse copyDBSnapshot(CopyDbSnapshotRequest request) {
        return moto.copyDBSnapshot(request);
    }

    @Override
    public DeleteDbSnapshotResponse deleteDBSnapshot(DeleteDbSnapshotRequest request) {
        return moto.deleteDBSnapshot(request);
    }

    // Aurora cluster drills (issue 13): moto serves every cluster call; only the cluster's writer endpoint is the
    // embedded server's, as for instances.

    @Override
    public DescribeDbClustersResponse describeDBClusters(DescribeDbClustersRequest request) {
        DescribeDbClustersResponse response = moto.describeDBClusters(request);
        return response.toBuilder()
                .dbClusters(response.dbClusters().stream().map(this::asTheDrillSeesIt).toList())
                .build();
    }

    @Override
    public DescribeDbClusterSnapshotsResponse describeDBClusterSnapshots(DescribeDbClusterSnapshotsRequest request) {
        return moto.describeDBClusterSnapshots(request);
    }

    @Override
    public RestoreDbClusterFromSnapshotResponse restoreDBClusterFromSnapshot(RestoreDbClusterFromSnapshotRequest request) {
        return moto.restoreDBClusterFromSnapshot(request);
    }

    @Override
    public ModifyDbClusterResponse modifyDBCluster(ModifyDbClusterRequest request) {
        return moto.modifyDBCluster(request);
    }

    @Override
    public DeleteDbClusterResponse deleteDBCluster(DeleteDbClusterRequest request) {
        return moto.deleteDBCluster(request);
    }

    @Override
    public CopyDbClusterSnapshotResponse copyDBClusterSnapshot(CopyDbClusterSnapshotRequest request) {
        return moto.copyDBClusterSnapshot(request);
    }

    @Override
    public DeleteDbClusterSnapshotResponse deleteDBClusterSnapshot(DeleteDbClusterSnapshotRequest request) {
        return moto.deleteDBClusterSnapshot(request);
    }

    private DBCluster asTheDrillSeesIt(DBCluster cluster) {
        if (cluster.dbClusterIdentifier() == null || !TemporaryInstanceName.hasPrefix(cluster.dbClusterIdentifier())
                || cluster.endpoint() == null) {
            return cluster; // production's cluster: as moto has it
        }
        return cluster.toBuilder().endpoint(restoredInstance.address()).port(restoredInstance.port()).build();
    }

    @Override
    public String serviceName() {
        return moto.serviceName();
    }

    @Override
    public void close() {
        moto.close();
    }

    private DBInstance asTheDrillSeesIt(DBInstance instance) {
        Optional<String> drill = drillOf(instance.dbInstanceIdentifier());
        if (drill.isEmpty()) {
            return instance; // a production instance: as moto has it
        }
        DBInstance.Builder seen = instance.toBuilder();
        Optional.ofNullable(statusByDrill.get(drill.get())).ifPresent(seen::dbInstanceStatus);
        if (instance.endpoint() != null) {
            Integer port = Optional.ofNullable(unreachablePortByDrill.get(drill.get()))
                    .orElseGet(() -> serverPortByDrill.get(drill.get()));
            seen.endpoint(port == null ? restoredInstance : restoredInstance.toBuilder().port(port).build());
        }
        return seen.build();
    }

    /** {@code orders} for {@code restore-drill-orders-0123456789ab}; empty for an instance that is not a drill's. */
    private static Optional<String> drillOf(String identifier) {
        if (identifier == null || !TemporaryInstanceName.hasPrefix(identifier)) {
            return Optional.empty();
        }
        String rest = identifier.substring(TemporaryInstanceName.PREFIX.length());
        int hash = rest.lastIndexOf('-');
        return hash < 0 ? Optional.empty() : Optional.of(rest.substring(0, hash));
    }
}

package io.restoredrill.core.workflow;

import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;

/** State documents for the workflow steps' tests, as the state machine would pass them. */
public final class DrillStates {

    private DrillStates() {
    }

    public static DrillState snapshotDrill(String name, String production, String extraSource, String extraTop,
                                           String securityGroup, String executionId) {
        return StateJson.read("""
                {"drill": {"name": "%s",
                           "source": {"rdsSnapshot": {"dbInstanceIdentifier": "%s"%s}},
                           "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "%s",
                                              "vpcSecurityGroupIds": ["%s"], "timeToLive": "6h"}},
                           "checks": [{"name": "has orders", "sql": "select count(*) from orders", "expect": "> 0"}]
                           %s},
                 "executionId": "%s"}
                """.formatted(name, production, extraSource, MotoRdsAccount.SUBNET_GROUP, securityGroup, extraTop,
                executionId));
    }

    public static DrillState snapshotDrill(String production, String securityGroup, String executionId) {
        return snapshotDrill("orders", production, "", "", securityGroup, executionId);
    }

    /** An Aurora cluster drill: {@code source.auroraCluster}, no instance class (the cluster default applies). */
    public static DrillState clusterDrill(String name, String production, String extraSource, String securityGroup,
                                          String executionId) {
        return StateJson.read("""
                {"drill": {"name": "%s",
                           "source": {"auroraCluster": {"dbClusterIdentifier": "%s"%s}},
                           "target": {"rds": {"dbSubnetGroupName": "%s", "vpcSecurityGroupIds": ["%s"],
                                              "timeToLive": "6h"}},
                           "checks": [{"name": "has orders", "sql": "select count(*) from orders", "expect": "> 0"}]},
                 "executionId": "%s"}
                """.formatted(name, production, extraSource, MotoRdsAccount.SUBNET_GROUP, securityGroup, executionId));
    }

    public static DrillState dumpDrill(String securityGroup, String executionId) {
        return StateJson.read("""
                {"drill": {"name": "shop", "source": {"s3": "s3://backups/shop/"},
                           "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "%s",
                                              "vpcSecurityGroupIds": ["%s"], "engineVersion": "15.5"}}},
                 "executionId": "%s"}
                """.formatted(MotoRdsAccount.SUBNET_GROUP, securityGroup, executionId));
    }
}

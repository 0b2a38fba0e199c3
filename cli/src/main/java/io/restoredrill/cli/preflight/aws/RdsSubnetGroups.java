package io.restoredrill.cli.preflight.aws;

import io.restoredrill.cli.preflight.SubnetGroups;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.Subnet;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * DescribeDBSubnetGroups by name
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSubnetGroups.html): a name that matches
 * none is the DBSubnetGroupNotFoundFault (404); each subnet names its SubnetAvailabilityZone.
 */
public final class RdsSubnetGroups implements SubnetGroups {

    private final RdsClient rds;

    public RdsSubnetGroups(RdsClient rds) {
        this.rds = Objects.requireNonNull(rds, "rds");
    }

    @Override
    public Optional<SubnetGroup> describe(String name) {
        try {
            List<DBSubnetGroup> groups = rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(name)).dbSubnetGroups();
            return groups.stream().findFirst().map(g -> new SubnetGroup(g.dbSubnetGroupName(), g.vpcId(),
                    g.subnets().stream().map(Subnet::subnetAvailabilityZone).filter(Objects::nonNull)
                            .map(az -> az.name()).filter(Objects::nonNull).toList()));
        } catch (DbSubnetGroupNotFoundException e) {
            return Optional.empty();
        }
    }
}

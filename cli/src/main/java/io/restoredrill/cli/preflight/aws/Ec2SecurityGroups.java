package io.restoredrill.cli.preflight.aws;

import io.restoredrill.cli.preflight.SecurityGroups;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * DescribeSecurityGroups by GroupIds, one group per call
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html): a missing group fails the
 * whole call with InvalidGroup.NotFound, so asking one at a time tells which one is missing. IpPermissions are the
 * inbound rules, IpPermissionsEgress the outbound ones; IpProtocol "-1" means all protocols and ports.
 */
public final class Ec2SecurityGroups implements SecurityGroups {

    private final Ec2Client ec2;

    public Ec2SecurityGroups(Ec2Client ec2) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
    }

    @Override
    public Optional<SecurityGroup> describe(String groupId) {
        try {
            return ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().stream().findFirst()
                    .map(g -> new SecurityGroup(g.groupId(), g.vpcId(), rules(g.ipPermissions()),
                            rules(g.ipPermissionsEgress())));
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() != null && "InvalidGroup.NotFound".equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static List<Rule> rules(List<IpPermission> permissions) {
        return permissions.stream().map(p -> new Rule(p.ipProtocol(), Optional.ofNullable(p.fromPort()),
                Optional.ofNullable(p.toPort()),
                p.userIdGroupPairs().stream().map(UserIdGroupPair::groupId).filter(Objects::nonNull).toList(),
                p.ipRanges().stream().map(IpRange::cidrIp).filter(Objects::nonNull).toList())).toList();
    }
}

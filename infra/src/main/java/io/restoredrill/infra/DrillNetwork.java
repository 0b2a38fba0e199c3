package io.restoredrill.infra;

import io.restoredrill.infra.RestoreDrillStack.Handler;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupEgress;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetAttributes;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.rds.CfnDBSubnetGroup;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the functions and the temporary instances run: the imported VPC and private subnets, the DB subnet group the
 * temporary instances are placed in, one security group per function, and the temporary instances' security group,
 * which admits PostgreSQL from the validate function only.
 */
final class DrillNetwork extends Construct {

    static final int POSTGRES_PORT = 5432;

    private final IVpc vpc;
    private final SubnetSelection privateSubnets;
    private final CfnDBSubnetGroup subnetGroup;
    private final SecurityGroup temporaryInstanceGroup;
    private final Map<Handler, SecurityGroup> functionGroups = new EnumMap<>(Handler.class);

    DrillNetwork(Construct scope, String id, DeploymentConfig config) {
        super(scope, id);
        Stack stack = Stack.of(this);
        vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                .vpcId(config.vpcId())
                .availabilityZones(config.availabilityZones().isEmpty()
                        ? List.of(stack.getRegion() + "a") : config.availabilityZones())
                .build());
        List<ISubnet> subnets = new ArrayList<>();
        for (int i = 0; i < config.privateSubnetIds().size(); i++) {
            SubnetAttributes.Builder subnet = SubnetAttributes.builder().subnetId(config.privateSubnetIds().get(i));
            if (!config.availabilityZones().isEmpty()) {
                subnet.availabilityZone(config.availabilityZones().get(i));
            }
            ISubnet imported = Subnet.fromSubnetAttributes(this, "PrivateSubnet" + i, subnet.build());
            // Only the subnet ids are used (Lambda VPC config, DB subnet group); no route table is read.
            Annotations.of(imported).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId",
                    "the stack never reads the route tables of the given subnets");
            subnets.add(imported);
        }
        privateSubnets = SubnetSelection.builder().subnets(subnets).build();

        // Temporary instances restored by the drill live in these subnets, behind this group.
        subnetGroup = CfnDBSubnetGroup.Builder.create(this, "TemporaryInstanceSubnetGroup")
                .dbSubnetGroupDescription("restore-drill temporary instances (private subnets)")
                .subnetIds(config.privateSubnetIds())
                .build();
        temporaryInstanceGroup = SecurityGroup.Builder.create(this, "TemporaryInstanceSecurityGroup")
                .vpc(vpc).allowAllOutbound(false)
                .description("restore-drill temporary instances: PostgreSQL from the validate function only")
                .build();

        // One security group per function: only HTTPS out (AWS APIs), plus PostgreSQL to the instances for validate.
        for (Handler handler : Handler.values()) {
            if (!handler.deployedWith(config)) {
                continue;
            }
            SecurityGroup group = SecurityGroup.Builder.create(this, handler.constructName() + "FunctionSecurityGroup")
                    .vpc(vpc).allowAllOutbound(false)
                    .description("restore-drill " + handler.name().toLowerCase() + " function")
                    .build();
            group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "AWS APIs over HTTPS");
            functionGroups.put(handler, group);
        }
        SecurityGroup validate = functionGroups.get(Handler.VALIDATE);
        temporaryInstanceGroup.addIngressRule(validate, Port.tcp(POSTGRES_PORT), "PostgreSQL from validate");
        validate.addEgressRule(temporaryInstanceGroup, Port.tcp(POSTGRES_PORT), "PostgreSQL to temporary instances");

        // A replaced group cannot be deleted while a temporary instance or a function ENI still uses it, and a
        // replaced rule collides with the old one ("already exists"): keep all of them where they were.
        LogicalIds.keepAsIfIn(this, subnetGroup);
        LogicalIds.keepAsIfIn(this, temporaryInstanceGroup);
        functionGroups.values().forEach(group -> LogicalIds.keepAsIfIn(this, group));
        keepRuleId(temporaryInstanceGroup, CfnSecurityGroupIngress.class, "from", validate);
        keepRuleId(validate, CfnSecurityGroupEgress.class, "to", temporaryInstanceGroup);
    }

    /**
     * A rule's construct id names its peer by the peer's unique id, which contains the peer's path: compute the id the
     * rule had when both groups sat in the stack ("from StackValidateFunctionSecurityGroupXXXXXXXX:5432").
     */
    private void keepRuleId(SecurityGroup owner, Class<? extends IConstruct> ruleType, String direction,
                            SecurityGroup peer) {
        List<String> peerPath = new ArrayList<>();
        for (String component : Stack.of(this).getNode().getPath().split("/")) {
            peerPath.add(component);
        }
        peerPath.add(peer.getNode().getId());
        String ruleId = direction + " " + LogicalIds.uniqueId(peerPath) + ":" + POSTGRES_PORT;
        List<IConstruct> rules = owner.getNode().getChildren().stream().filter(ruleType::isInstance).toList();
        if (rules.size() != 1) {
            throw new IllegalStateException(owner.getNode().getPath() + ": expected one " + ruleType.getSimpleName()
                    + ", found " + rules.size());
        }
        ((software.amazon.awscdk.CfnElement) rules.get(0)).overrideLogicalId(
                LogicalIds.uniqueId(List.of(owner.getNode().getId(), ruleId)));
    }

    IVpc vpc() {
        return vpc;
    }

    SubnetSelection privateSubnets() {
        return privateSubnets;
    }

    CfnDBSubnetGroup subnetGroup() {
        return subnetGroup;
    }

    SecurityGroup temporaryInstanceGroup() {
        return temporaryInstanceGroup;
    }

    SecurityGroup functionGroup(Handler handler) {
        return functionGroups.get(handler);
    }
}

package io.restoredrill.cli.preflight;

import java.util.List;
import java.util.Optional;

/** VPC security groups and their rules. */
public interface SecurityGroups {

    /** @return empty when the group does not exist */
    Optional<SecurityGroup> describe(String groupId);

    record SecurityGroup(String id, String vpcId, List<Rule> ingress, List<Rule> egress) {
        public SecurityGroup {
            ingress = List.copyOf(ingress);
            egress = List.copyOf(egress);
        }
    }

    /**
     * One permission of a group, as EC2 reports it.
     *
     * @param protocol {@code tcp}, {@code udp}, {@code icmp}, or {@code -1} for all traffic
     * @param groupIds the security groups the rule names as peers
     * @param cidrs    the IPv4 ranges it names as peers
     */
    record Rule(String protocol, Optional<Integer> fromPort, Optional<Integer> toPort, List<String> groupIds,
                List<String> cidrs) {
        public Rule {
            groupIds = List.copyOf(groupIds);
            cidrs = List.copyOf(cidrs);
        }

        /** Whether the rule covers TCP on this port. */
        public boolean coversTcp(int port) {
            if ("-1".equals(protocol)) {
                return true;
            }
            return ("tcp".equals(protocol) || "6".equals(protocol))
                    && fromPort.orElse(0) <= port && port <= toPort.orElse(65535);
        }
    }
}

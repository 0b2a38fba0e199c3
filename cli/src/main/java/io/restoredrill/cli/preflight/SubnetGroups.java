package io.restoredrill.cli.preflight;

import java.util.List;
import java.util.Optional;

/** DB subnet groups, for the Availability Zones they cover. */
public interface SubnetGroups {

    /** @return empty when no DB subnet group has that name */
    Optional<SubnetGroup> describe(String name);

    record SubnetGroup(String name, String vpcId, List<String> availabilityZones) {
        public SubnetGroup {
            availabilityZones = List.copyOf(availabilityZones);
        }
    }
}

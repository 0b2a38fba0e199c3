package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.port.BackupCopies;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Where the account audit looks for snapshot copies of one region's databases: other regions of the account, and
 * each backup account's role in the audited region and in those regions. Owns the clients it opens.
 */
public final class CopyPlaces implements AutoCloseable {

    private final List<RdsClient> opened = new ArrayList<>();
    private final List<BackupCopies> places = new ArrayList<>();

    /**
     * @param here         the audited region
     * @param copyRegions  regions of this account that hold copies
     * @param roles        roles in backup accounts ({@code arn:aws:iam::ACCOUNT:role/name})
     * @param inRegion     this account's client in a region
     * @param withRole     a client in a region with a role's credentials
     * @throws IllegalArgumentException when a role is not a role ARN
     */
    public CopyPlaces(Region here, List<String> copyRegions, List<String> roles, Function<Region, RdsClient> inRegion,
                      BiFunction<Region, String, RdsClient> withRole) {
        List<Region> others = new LinkedHashSet<>(copyRegions).stream().map(r -> Region.of(r.strip()))
                .filter(r -> !r.equals(here)).toList();
        List<String> accounts = new LinkedHashSet<>(roles).stream().map(CopyPlaces::roleAccount).toList();
        try {
            for (Region region : others) {
                places.add(new RdsBackupCopies(open(inRegion.apply(region)), "this account in " + region.id()));
            }
            List<Region> roleRegions = new ArrayList<>(List.of(here));
            roleRegions.addAll(others);
            List<String> distinctRoles = new ArrayList<>(new LinkedHashSet<>(roles));
            for (int i = 0; i < distinctRoles.size(); i++) {
                String role = distinctRoles.get(i).strip();
                for (Region region : roleRegions) {
                    places.add(new RdsBackupCopies(open(withRole.apply(region, role)), "account " + accounts.get(i)
                            + " in " + region.id() + " (role " + role + ")"));
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public List<BackupCopies> places() {
        return List.copyOf(places);
    }

    /** The account of {@code arn:aws:iam::ACCOUNT:role/name}. */
    public static String roleAccount(String roleArn) {
        String[] parts = roleArn.strip().split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("iam") || !parts[4].matches("\\d{12}")
                || !parts[5].startsWith("role/")) {
            throw new IllegalArgumentException(roleArn + " is not a role ARN (arn:aws:iam::123456789012:role/name)");
        }
        return parts[4];
    }

    private RdsClient open(RdsClient client) {
        opened.add(client);
        return client;
    }

    @Override
    public void close() {
        opened.forEach(RdsClient::close);
        opened.clear();
    }
}

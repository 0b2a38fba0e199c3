package io.restoredrill.core.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identifier of a drill's temporary RDS instance: {@code restore-drill-<drill, cut>-<hash of drill and
 * execution>}. Deterministic, so a retried restore finds (and adopts) the instance its first attempt created
 * instead of making a second one; always a valid RDS identifier (letters, digits, single hyphens, at most 63
 * characters). Both inputs are hashed: two drills whose names share a prefix longer than the room left for the
 * name still get different identifiers in one execution. A temporary snapshot copy (a shared snapshot copied into
 * this account) has the same identifier: RDS keeps snapshot and instance identifiers apart.
 */
public final class TemporaryInstanceName {

    /** Every temporary instance's identifier starts with this; the deletion guard checks it. */
    public static final String PREFIX = "restore-drill-";
    private static final int MAX_LENGTH = 63;
    private static final int HASH_HEX = 12;
    private static final String INSTANCE_SUFFIX = "-1";

    private TemporaryInstanceName() {
    }

    public static String of(String drillName, String executionId) {
        String hash = sha256Hex(drillName + "\n" + executionId).substring(0, HASH_HEX);
        String drill = drillName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        int room = MAX_LENGTH - PREFIX.length() - 1 - HASH_HEX;
        if (drill.length() > room) {
            drill = drill.substring(0, room).replaceAll("-+$", "");
        }
        return PREFIX + (drill.isEmpty() ? "" : drill + "-") + hash;
    }

    /**
     * The identifier of the one DB instance a cluster drill adds to its temporary cluster (whose identifier is
     * {@link #of}): the same name with {@code -1} at the end, the drill part cut two characters earlier so it stays
     * within 63. The API Reference states identifier rules per resource type and never that a cluster and an instance
     * may share one, so the two are kept apart rather than relying on it.
     */
    public static String clusterInstance(String drillName, String executionId) {
        String cluster = of(drillName, executionId);
        String hash = cluster.substring(cluster.length() - HASH_HEX);
        String drill = cluster.substring(PREFIX.length(), cluster.length() - HASH_HEX);
        int room = MAX_LENGTH - PREFIX.length() - HASH_HEX - INSTANCE_SUFFIX.length();
        if (drill.length() > room) {
            drill = drill.substring(0, room - 1).replaceAll("-+$", "") + "-";
        }
        return PREFIX + drill + hash + INSTANCE_SUFFIX;
    }

    public static boolean hasPrefix(String identifier) {
        return identifier.startsWith(PREFIX);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

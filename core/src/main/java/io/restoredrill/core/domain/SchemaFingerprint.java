package io.restoredrill.core.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The schema of a restored database: every schema, table, column, constraint, index, view, function, sequence
 * and extension, listed in a fixed order, and a digest of that listing. Two databases with the same schema have
 * the same fingerprint, whatever their OIDs, owners or column positions (a dump and its restore included).
 *
 * @param digest  {@code sha256:} and the hex SHA-256 of the listing, one {@code kind name definition} per line
 * @param objects the listing, sorted by kind, then name
 */
public record SchemaFingerprint(String digest, List<SchemaObject> objects) {

    public SchemaFingerprint {
        Objects.requireNonNull(digest, "digest");
        objects = sorted(objects);
        String expected = digestOf(objects);
        if (!digest.equals(expected)) {
            // A fingerprint read back from a file whose listing was edited: its digest no longer describes it.
            throw new IllegalArgumentException("schema fingerprint digest " + digest + " does not match its "
                    + objects.size() + " objects, whose digest is " + expected);
        }
    }

    /** The fingerprint of these objects, in any order. */
    public static SchemaFingerprint of(List<SchemaObject> objects) {
        List<SchemaObject> listing = sorted(objects);
        return new SchemaFingerprint(digestOf(listing), listing);
    }

    /** The objects of one kind, in listing order. */
    public List<SchemaObject> objectsOf(SchemaObject.Kind kind) {
        return objects.stream().filter(o -> o.kind() == kind).toList();
    }

    /** "3 tables, 12 columns, 4 indexes, ...", the counts by kind for people. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        for (SchemaObject.Kind kind : SchemaObject.Kind.values()) {
            long n = objects.stream().filter(o -> o.kind() == kind).count();
            if (n > 0) {
                parts.add(n + " " + kind.label() + (n == 1 ? "" : plural(kind)));
            }
        }
        return parts.isEmpty() ? "empty schema" : String.join(", ", parts);
    }

    private static String plural(SchemaObject.Kind kind) {
        return kind == SchemaObject.Kind.INDEX ? "es" : "s";
    }

    private static List<SchemaObject> sorted(List<SchemaObject> objects) {
        List<SchemaObject> copy = new ArrayList<>(objects);
        copy.sort(null);
        for (int i = 1; i < copy.size(); i++) {
            if (copy.get(i).key().equals(copy.get(i - 1).key())) {
                throw new IllegalArgumentException("schema object listed twice: " + copy.get(i).key());
            }
        }
        return List.copyOf(copy);
    }

    private static String digestOf(List<SchemaObject> sortedObjects) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
        for (SchemaObject o : sortedObjects) {
            // Tab and newline separate the fields: neither can appear unquoted in a PostgreSQL identifier.
            sha256.update((o.kind() + "\t" + o.name() + "\t" + o.definition() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }
}

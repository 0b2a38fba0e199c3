package io.restoredrill.core.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How many of its rows each table may lose against the baseline: one fraction for every table ({@code maxShrink}),
 * and overrides per table from the top-level {@code tables:} mapping, e.g. an audit log that is truncated on
 * purpose ({@code tables: { audit_log: { maxShrink: 100% } }}).
 *
 * <p>A table name matches as {@link TableName} says. When both a {@code schema.table} entry and a bare
 * {@code table} entry match one table, the qualified entry wins: it is the more specific.
 *
 * @param maxShrink the fraction (0..1) for every table without an entry
 * @param perTable  the overrides, by the name the user wrote, each 0..1
 */
public record Tolerances(double maxShrink, Map<String, Double> perTable) {

    public Tolerances {
        checkFraction(maxShrink, "maxShrink");
        perTable = Map.copyOf(new TreeMap<>(perTable));
        perTable.forEach((name, fraction) -> checkFraction(fraction, "tables." + name + ".maxShrink"));
    }

    /** One fraction for every table. */
    public static Tolerances uniform(double maxShrink) {
        return new Tolerances(maxShrink, Map.of());
    }

    /** The fraction of its rows the table {@code schema.table} may lose. */
    public double maxShrinkFor(String qualifiedName) {
        return override(qualifiedName).orElse(maxShrink);
    }

    /** The override for the table, when an entry matches it. */
    public Optional<Double> override(String qualifiedName) {
        Double exact = perTable.get(qualifiedName);
        if (exact != null) {
            return Optional.of(exact);
        }
        int dot = qualifiedName.indexOf('.');
        if (dot >= 0 && qualifiedName.indexOf('.', dot + 1) >= 0) {
            // database.schema.table (a pg_dumpall backup's table): a schema.table entry covers it in every database.
            Double inDatabase = perTable.get(qualifiedName.substring(dot + 1));
            if (inDatabase != null) {
                return Optional.of(inDatabase);
            }
        }
        return perTable.entrySet().stream()
                .filter(e -> !TableName.isQualified(e.getKey()) && TableName.matches(e.getKey(), qualifiedName))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /**
     * The entries that match none of {@code tables} ({@code schema.table} names): most likely a typo, which would
     * otherwise leave the table with the global fraction without a word.
     */
    public java.util.List<String> unmatched(Collection<String> tables) {
        return perTable.keySet().stream()
                .filter(name -> tables.stream().noneMatch(table -> TableName.matches(name, table)))
                .sorted()
                .toList();
    }

    /** Each entry {@link #unmatched} lists, as the failure that names it and says what to do. */
    public java.util.List<String> unmatchedEntries(Collection<String> tables) {
        return unmatched(tables).stream().map(name -> "tables: " + name + " (maxShrink "
                + percent(perTable.get(name)) + ") matches no table of the restored database or the baseline:"
                + " correct the name (schema.table, or a table name that matches it in any schema) or remove the"
                + " entry").toList();
    }

    private static void checkFraction(double fraction, String what) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException(what + " must be between 0% and 100%, found " + fraction);
        }
    }

    /** The tolerance as people write it, e.g. {@code 10%}. */
    public static String percent(double fraction) {
        return java.math.BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}

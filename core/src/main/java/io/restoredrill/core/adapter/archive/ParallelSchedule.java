package io.restoredrill.core.adapter.archive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which post-data entries may run at once, as pg_restore's parallel mode decides (pg_backup_archiver.c,
 * {@code identify_locking_dependencies}, {@code has_lock_conflicts}): an entry starts when the entries it depends
 * on within the batch are done and it needs no table that a running entry holds. Index builds share their
 * table with other index builds ({@code CREATE INDEX} takes a SHARE lock); constraints, triggers and rules
 * ({@code ALTER TABLE}) hold theirs alone. Foreign keys also lock the table they reference, which the TOC does not
 * always name, so only one foreign key is added at a time: two in opposite directions would deadlock.
 * Not thread-safe: one scheduling thread asks and reports.
 */
public final class ParallelSchedule {

    private final List<TocEntry> pending;
    private final Set<Integer> batch = new HashSet<>();
    private final Set<Integer> done = new HashSet<>();
    private final Map<Integer, TocEntry> all;
    private final Map<Integer, Set<String>> tablesOf = new HashMap<>();
    private final List<TocEntry> running = new ArrayList<>();

    /**
     * @param entries the entries to run, in TOC order
     * @param all     every entry of the archive, to see which tables an entry's dependencies are
     */
    public ParallelSchedule(List<TocEntry> entries, Map<Integer, TocEntry> all) {
        this.pending = new ArrayList<>(entries);
        this.all = all;
        entries.forEach(e -> batch.add(e.dumpId()));
    }

    /** The first pending entry that may start now, marked running; empty when none may (or none is left). */
    public Optional<TocEntry> next() {
        for (int i = 0; i < pending.size(); i++) {
            TocEntry candidate = pending.get(i);
            if (ready(candidate) && !conflicts(candidate)) {
                pending.remove(i);
                running.add(candidate);
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public void done(TocEntry entry) {
        running.remove(entry);
        done.add(entry.dumpId());
    }

    public boolean finished() {
        return pending.isEmpty() && running.isEmpty();
    }

    public boolean hasRunning() {
        return !running.isEmpty();
    }

    private boolean ready(TocEntry e) {
        for (int dep : e.dependencies()) {
            if (batch.contains(dep) && !done.contains(dep)) {
                return false;
            }
        }
        return true;
    }

    private boolean conflicts(TocEntry candidate) {
        boolean shared = isIndex(candidate);
        boolean foreignKey = candidate.desc().equals("FK CONSTRAINT");
        Set<String> tables = tables(candidate);
        for (TocEntry r : running) {
            if (foreignKey && r.desc().equals("FK CONSTRAINT")) {
                return true;
            }
            if (shared && isIndex(r)) {
                continue;
            }
            for (String t : tables(r)) {
                if (tables.contains(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIndex(TocEntry e) {
        return e.desc().equals("INDEX");
    }

    /** The tables (schema.name) among an entry's dependencies: what its statement locks. */
    private Set<String> tables(TocEntry e) {
        return tablesOf.computeIfAbsent(e.dumpId(), id -> {
            Set<String> tables = new LinkedHashSet<>();
            for (int dep : e.dependencies()) {
                TocEntry d = all.get(dep);
                if (d != null && (d.desc().equals("TABLE") || d.desc().equals("TABLE DATA"))) {
                    tables.add(d.namespace().orElse("") + "." + d.tag());
                }
            }
            return tables;
        });
    }
}

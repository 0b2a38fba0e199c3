package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.ProofProgress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A proof's {@link ProofProgress} while a round works on it: the units it plans to check, which it has checked,
 * its counters and findings, mutable for the round and frozen again at its end. A unit is checked once over all
 * rounds: {@link #isDone} before it, {@link #done} after it.
 */
final class ProofNotebook {

    /** Units a round's end cut off twice: they do not fit into a round, and are reported as not checked. */
    static final String GAVE_UP = "gave up";
    /** Why the proof stopped before its units were all checked (the budget ran out, the last round ended). */
    static final String STOPPED = "stopped";

    private final String name;
    private final long spentBefore;
    private final List<String> units;
    private final Set<String> done;
    private final Set<String> interrupted;
    private final Map<String, Long> counters;
    private final Map<String, List<String>> findings = new LinkedHashMap<>();
    private final Map<String, String> facts;

    private ProofNotebook(ProofProgress from) {
        name = from.name();
        spentBefore = from.spentMillis();
        units = new ArrayList<>(from.units());
        done = new LinkedHashSet<>(from.done());
        interrupted = new LinkedHashSet<>(from.interrupted());
        counters = new LinkedHashMap<>(from.counters());
        from.findings().forEach((kind, lines) -> findings.put(kind, new ArrayList<>(lines)));
        facts = new LinkedHashMap<>(from.facts());
    }

    static ProofNotebook of(ProofProgress from) {
        return new ProofNotebook(from);
    }

    boolean planned() {
        return !units.isEmpty() || facts.containsKey("planned");
    }

    /** The units to check, fixed in the first round: later rounds work through the same list. */
    void plan(List<String> planned) {
        units.clear();
        units.addAll(planned);
        facts.put("planned", "true");
    }

    List<String> units() {
        return List.copyOf(units);
    }

    List<String> unitsOf(String kind) {
        return units.stream().filter(u -> kind(u).equals(kind)).toList();
    }

    /** The units of a kind not checked yet, in order. */
    List<String> leftOf(String kind) {
        return unitsOf(kind).stream().filter(u -> !done.contains(u)).toList();
    }

    boolean isDone(String unit) {
        return done.contains(unit);
    }

    void done(String unit) {
        if (!done.add(unit)) {
            throw new IllegalStateException(name + " checked " + unit + " twice");
        }
    }

    /**
     * A round's end cut the unit off.
     *
     * @return true when it is to be tried again next round; false when a round's end had cut it off before, so it
     *         is given up (recorded as done and not checked)
     */
    boolean cutOffByRoundEnd(String unit) {
        if (interrupted.add(unit)) {
            return true;
        }
        done(unit);
        list(GAVE_UP).add(unit);
        return false;
    }

    static String unit(String kind, String relation) {
        return kind + " " + relation;
    }

    static String kind(String unit) {
        return unit.substring(0, unit.indexOf(' '));
    }

    static String relation(String unit) {
        return unit.substring(unit.indexOf(' ') + 1);
    }

    long count(String counter) {
        return counters.getOrDefault(counter, 0L);
    }

    void add(String counter, long amount) {
        counters.merge(counter, amount, Long::sum);
    }

    /** The findings of a kind, to read or add to. */
    List<String> list(String kind) {
        return findings.computeIfAbsent(kind, k -> new ArrayList<>());
    }

    String factOr(String key, String otherwise) {
        return facts.getOrDefault(key, otherwise);
    }

    void fact(String key, String value) {
        facts.put(key, value);
    }

    /** The proof ends before all its units were checked, for this reason. */
    void stop(String why) {
        facts.put(STOPPED, why);
    }

    /** @param elapsedMillis what this round took */
    ProofProgress freeze(boolean finished, long elapsedMillis) {
        return new ProofProgress(name, finished, spentBefore + elapsedMillis, units, List.copyOf(done),
                List.copyOf(interrupted), counters, findings, facts);
    }
}

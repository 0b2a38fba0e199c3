package io.restoredrill.core.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How far one proof got over the validate rounds that ran it so far: what the next round needs to go on where the
 * last one stopped (never redoing a finished relation), and what the verdict is built from in the end. It is the
 * proof's own notebook: the proof names its units, counters and finding lists; the pipeline only carries the
 * notebook from round to round (on the AWS path in an S3 object, see the README's "The state document").
 *
 * @param name        the proof, e.g. {@code integrity}
 * @param finished    nothing is left to do: every unit was checked, the proof could not run, or its time is spent
 * @param spentMillis the time the proof took over all its rounds: its budget is a total across them
 * @param units       everything the proof is to check, in order, as its first round listed it (e.g.
 *                    {@code index public.orders_pkey}, {@code table public.orders}); empty before that
 * @param done        the units checked so far (e.g. {@code index public.orders_pkey}), each once, in order
 * @param interrupted units that a round's end cut off once: they are tried again first in the next round, and a
 *                    unit cut off a second time is given up (it does not fit into one round)
 * @param counters    the proof's running totals (rows read, indexes checked)
 * @param findings    the proof's findings so far, by kind (corruption, not checked, notes)
 * @param facts       what the proof learnt once and keeps (amcheck's version)
 */
public record ProofProgress(String name, boolean finished, long spentMillis, List<String> units, List<String> done,
                            List<String> interrupted, Map<String, Long> counters, Map<String, List<String>> findings,
                            Map<String, String> facts) {

    public ProofProgress {
        Objects.requireNonNull(name, "name");
        if (spentMillis < 0) {
            throw new IllegalArgumentException("spentMillis must not be negative: " + spentMillis);
        }
        units = List.copyOf(units);
        done = List.copyOf(done);
        interrupted = List.copyOf(interrupted);
        counters = copy(counters);
        Map<String, List<String>> lists = new LinkedHashMap<>();
        findings.forEach((kind, lines) -> lists.put(kind, List.copyOf(lines)));
        findings = java.util.Collections.unmodifiableMap(lists);
        facts = copy(facts);
    }

    /** A proof that has not run yet. */
    public static ProofProgress start(String name) {
        return new ProofProgress(name, false, 0, List.of(), List.of(), List.of(), Map.of(), Map.of(), Map.of());
    }

    /** Checked units so far. */
    public int checked() {
        return done.size();
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}

package io.restoredrill.core.drill;

import io.restoredrill.core.domain.ProofProgress;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofSettings;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.DatabaseProof;
import io.restoredrill.core.port.DatabaseProofs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * The scanning proofs, integrity and the full read, for one round of a verification: each goes on from its progress
 * in the earlier rounds, within the rest of its budget and of the round ({@link ProvingRound#window}), and both at
 * once. When no proof is left (or the round is the last), their verdicts; else their progress, for the next round.
 */
final class ResumableProofs {

    private static final Logger log = LoggerFactory.getLogger(ResumableProofs.class);

    private final DatabaseProofs proofs;
    private final Clock clock;

    ResumableProofs(DatabaseProofs proofs, Clock clock) {
        this.proofs = proofs;
        this.clock = clock;
    }

    /**
     * What a round of the proofs came to.
     *
     * @param progress   each enabled proof's progress after the round, in the report's order
     * @param unfinished a proof is left for the next round: no verdicts yet
     * @param results    the verdicts, when nothing is left
     */
    record Ran(List<ProofProgress> progress, boolean unfinished, List<ProofResult> results) {
    }

    Ran run(ProofSettings settings, DatabaseEndpoint database, ProvingRound round) {
        List<DatabaseProof> enabled = new ArrayList<>();
        List<Duration> budgets = new ArrayList<>();
        if (settings.integrity().enabled()) {
            enabled.add(proofs.integrity());
            budgets.add(settings.integrity().budget());
        }
        if (settings.fullRead().enabled()) {
            enabled.add(proofs.fullRead(settings.fullRead().perTable()));
            budgets.add(settings.fullRead().budget());
        }
        List<Callable<ProofProgress>> scans = new ArrayList<>();
        for (int i = 0; i < enabled.size(); i++) {
            scans.add(resumed(enabled.get(i), database, budgets.get(i), round));
        }
        List<ProofProgress> progress = runTogether(scans);
        boolean unfinished = !round.last() && progress.stream().anyMatch(p -> !p.finished());
        if (unfinished) {
            progress.forEach(p -> log.info("proof {}: {} of {} checked in {} ms so far{}", p.name(), p.checked(),
                    p.units().size(), p.spentMillis(), p.finished() ? ", finished" : ""));
            return new Ran(progress, true, List.of());
        }
        List<ProofResult> results = new ArrayList<>();
        for (int i = 0; i < enabled.size(); i++) {
            results.add(enabled.get(i).result(progress.get(i)));
        }
        return new Ran(progress, false, results);
    }

    /** One proof's part in this round, from its progress so far. */
    private Callable<ProofProgress> resumed(DatabaseProof proof, DatabaseEndpoint database, Duration budget,
                                            ProvingRound round) {
        ProofProgress from = round.carried().map(c -> c.proof(proof.name()))
                .orElseGet(() -> ProofProgress.start(proof.name()));
        return () -> proof.resume(database, from, round.window(from, budget, clock.instant()));
    }

    /**
     * Integrity and the full read each scan every heap on their own connection, and each is one backend's work:
     * run together, the server does both at once (benchmark/proofs.sh measures the difference). Results keep
     * the proofs' order, so the report does not depend on which finished first.
     */
    private static <T> List<T> runTogether(List<Callable<T>> scans) {
        if (scans.size() < 2) {
            return scans.stream().map(ResumableProofs::call).toList();
        }
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        ThreadFactory threads = Thread.ofPlatform().name("proof-", 1).daemon(true).factory();
        try (ExecutorService pool = Executors.newFixedThreadPool(scans.size(), threads)) {
            List<Future<T>> running = new ArrayList<>();
            for (Callable<T> scan : scans) {
                running.add(pool.submit(() -> {
                    if (mdc != null) {
                        MDC.setContextMap(mdc);
                    }
                    try {
                        return scan.call();
                    } finally {
                        MDC.clear();
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> result : running) {
                results.add(await(result));
            }
            return results;
        }
    }

    private static <T> T call(Callable<T> scan) {
        try {
            return scan.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the proofs ran", e);
        } catch (ExecutionException e) {
            // A proof never throws for what it finds; one that does goes the pipeline's "unexpected" way.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.archive.SeparableData;
import io.restoredrill.core.adapter.archive.ParallelSchedule;
import io.restoredrill.core.adapter.archive.TocEntry;
import io.restoredrill.core.domain.RestoreFailedException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The parallel phases of an archive restore, as {@code pg_restore -j} runs them: the tables of a directory dump, or of
 * a custom archive whose blocks can be read apart, load on {@code jobs} connections at once, and post-data entries (indexes,
 * constraints, triggers) build on {@code jobs} connections in an order that respects their dependencies and
 * table locks ({@link ParallelSchedule}). The first failure stops new work; what is running finishes, so nothing
 * is left running when the failure is thrown.
 */
final class ParallelArchiveRestore {

    private static final long PROGRESS_MILLIS = 1000;

    private final ArchiveWorker.Session session;
    private final int jobs;
    private final Runnable progress;

    /** @param progress called now and then from the calling thread while the workers run */
    ParallelArchiveRestore(ArchiveWorker.Session session, int jobs, Runnable progress) {
        this.session = session;
        this.jobs = jobs;
        this.progress = progress;
    }

    /**
     * Loads the data of the archive's entries, in the order it gives them, on {@code jobs} workers. The workers share one budget of
     * connections: a worker that finds no table left gives its slot to the budget, so that the COPY of a big table
     * still running spreads over the connections that have become free.
     */
    void loadData(SeparableData archive, Set<Integer> wanted) {
        ConnectionBudget budget = ConnectionBudget.of(0);
        ConcurrentLinkedQueue<TocEntry> queue = new ConcurrentLinkedQueue<>(archive.dataEntries());
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        ExecutorService pool = pool("restore-data");
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            workers.add(pool.submit(() -> {
                try (ArchiveWorker worker = session.worker(jobs, budget)) {
                    for (TocEntry entry; failure.get() == null && (entry = queue.poll()) != null; ) {
                        archive.readEntry(entry, worker.loader(wanted));
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    budget.giveBack(1);
                }
            }));
        }
        try {
            for (Future<?> worker : workers) {
                await(worker);
            }
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Runs {@code entries} (post-data, in TOC order) on up to {@code jobs} connections at once. */
    void runAll(List<TocEntry> entries, Map<Integer, TocEntry> all) {
        ParallelSchedule schedule = new ParallelSchedule(entries, all);
        Deque<ArchiveWorker> idle = new ArrayDeque<>();
        List<ArchiveWorker> opened = new ArrayList<>();
        ExecutorService pool = pool("restore-post-data");
        ExecutorCompletionService<Finished> completions = new ExecutorCompletionService<>(pool);
        RuntimeException failure = null;
        int running = 0;
        try {
            while (!schedule.finished()) {
                while (failure == null && running < jobs) {
                    Optional<TocEntry> next = schedule.next();
                    if (next.isEmpty()) {
                        break;
                    }
                    ArchiveWorker worker = idle.isEmpty() ? open(opened) : idle.pop();
                    TocEntry entry = next.get();
                    completions.submit(() -> {
                        try {
                            worker.run(entry);
                            return new Finished(entry, worker, null);
                        } catch (RuntimeException e) {
                            return new Finished(entry, worker, e);
                        }
                    });
                    running++;
                }
                if (running == 0) {
                    if (failure == null) {
                        throw new IllegalStateException("post-data entries wait for each other: " + schedule);
                    }
                    break;
                }
                Finished finished = take(completions);
                running--;
                idle.push(finished.worker());
                if (finished.failure() != null) {
                    failure = failure == null ? finished.failure() : failure;
                } else {
                    schedule.done(finished.entry());
                }
                progress.run();
            }
        } finally {
            pool.shutdownNow();
            opened.forEach(ArchiveWorker::close);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private record Finished(TocEntry entry, ArchiveWorker worker, RuntimeException failure) {
    }

    private ArchiveWorker open(List<ArchiveWorker> opened) {
        ArchiveWorker worker = session.worker(1, ConnectionBudget.of(0));
        opened.add(worker);
        return worker;
    }

    private ExecutorService pool(String name) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private void await(Future<?> worker) {
        for (;;) {
            try {
                worker.get(PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
                progress.run();
                return;
            } catch (TimeoutException e) {
                progress.run();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause()); // workers catch their failures; this is a bug
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestoreFailedException("restoring " + session.dumpName() + " was interrupted", e);
            }
        }
    }

    private Finished take(ExecutorCompletionService<Finished> completions) {
        try {
            for (;;) {
                Future<Finished> done = completions.poll(PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
                if (done != null) {
                    return done.get();
                }
                progress.run();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // tasks return their failures; this is a bug
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailedException("restoring " + session.dumpName() + " was interrupted", e);
        }
    }
}

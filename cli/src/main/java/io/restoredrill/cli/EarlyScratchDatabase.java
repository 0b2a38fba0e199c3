package io.restoredrill.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The temporary database of a {@code run --target postgresql://...} command line, whose creation starts before
 * picocli has read the command line: CREATE DATABASE takes from a few hundredths to a third of a second on a busy
 * server, and building and parsing the command line takes about a tenth, so the two no longer come one after the
 * other (README, "A whole drill against psql -f").
 *
 * <p>The target is read from the raw arguments ({@link #scratchTarget}) only to start early; picocli still parses
 * the command line as before. {@link RunCommand} {@linkplain #take takes} the database only when picocli read the
 * same {@code --target}; otherwise, and when the command line turns out to be wrong, or asks for help, the database
 * is dropped again ({@link #close}). So a mistake on the command line may cost the scratch server a database
 * created and dropped, never a database left behind.
 */
final class EarlyScratchDatabase implements AutoCloseable {

    /** The target as written on the command line; empty when nothing was started. */
    private final Optional<String> target;
    /**
     * The provider whose database is being created, set up off the main thread (parsing the target, the provider's
     * classes: some 30 ms that would come before picocli's); empty when the target does not parse. Null once taken,
     * closed, or when nothing was started.
     */
    private CompletableFuture<Optional<DatabaseCreatedAhead>> started;

    private EarlyScratchDatabase(Optional<String> target, CompletableFuture<Optional<DatabaseCreatedAhead>> started) {
        this.target = target;
        this.started = started;
    }

    /** Nothing started: {@link #take} always comes back empty. */
    static EarlyScratchDatabase none() {
        return new EarlyScratchDatabase(Optional.empty(), null);
    }

    /**
     * Starts creating the database a {@code run} command line names with {@code --target}. Starts nothing for
     * another command, an embedded target, a command line asking for help or naming {@code --target} twice, or a
     * target that does not parse (picocli's parse then reports it, as the drill's own set-up would).
     */
    static EarlyScratchDatabase startFor(String[] args, Map<String, String> env) {
        Optional<String> target = scratchTarget(args);
        if (target.isEmpty()) {
            return none();
        }
        return new EarlyScratchDatabase(target, CompletableFuture.supplyAsync(() -> {
            try {
                return Optional.of(LocalWiring.databases(target.get(), Optional.empty(), env));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }, task -> Thread.ofPlatform().daemon().name("restore-drill-early-database").start(task)));
    }

    /**
     * The {@code --target} of a {@code run} command line, read from its raw arguments the way picocli reads them
     * ({@code --target URL} or {@code --target=URL}); empty when it is not a scratch server's, or when the command
     * line asks for help or its version, or names {@code --pg-version} (which a scratch target refuses).
     */
    static Optional<String> scratchTarget(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            return Optional.empty();
        }
        String target = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String value;
            if (arg.equals("--target") && i + 1 < args.length) {
                value = args[++i];
            } else if (arg.startsWith("--target=")) {
                value = arg.substring("--target=".length());
            } else if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")
                    || arg.equals("--pg-version") || arg.startsWith("--pg-version=") || arg.equals("--")) {
                return Optional.empty();
            } else {
                continue;
            }
            if (target != null) {
                return Optional.empty();
            }
            target = value;
        }
        return Optional.ofNullable(target).filter(t -> !t.equals("embedded"));
    }

    /**
     * The database started for {@code parsedTarget}, when it was started for exactly that one and the command line
     * has no {@code --pg-version}; otherwise empty, and what was started is dropped. Only the first call can get it.
     */
    synchronized Optional<DatabaseCreatedAhead> take(String parsedTarget, Optional<Integer> pgVersion) {
        if (started == null) {
            return Optional.empty();
        }
        if (target.orElseThrow().equals(parsedTarget) && pgVersion.isEmpty()) {
            Optional<DatabaseCreatedAhead> taken = started.join();
            started = null;
            return taken;
        }
        close();
        return Optional.empty();
    }

    /** Drops the database when no drill took it. */
    @Override
    public synchronized void close() {
        if (started != null) {
            Optional<DatabaseCreatedAhead> unused = started.join();
            started = null;
            unused.ifPresent(DatabaseCreatedAhead::close);
        }
    }
}

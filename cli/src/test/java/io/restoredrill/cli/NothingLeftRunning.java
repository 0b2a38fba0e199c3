package io.restoredrill.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a drill may leave behind: server processes started by this JVM (or a child JVM) and embedded data
 * directories.
 * Take a snapshot before a drill and assert after it that nothing was added; or let {@link AfterEachTest} do it
 * around every test of a class.
 */
final class NothingLeftRunning {

    /**
     * {@code @ExtendWith(NothingLeftRunning.AfterEachTest.class)}: a snapshot before each test and
     * {@link #assertNothingNewFromThisJvm} after it. A server the class starts in {@code @BeforeAll} (the shared
     * scratch server) is running before the first snapshot, so it counts as already there, not as left behind.
     */
    static final class AfterEachTest implements BeforeEachCallback, AfterEachCallback {

        private static final ExtensionContext.Namespace NAMESPACE =
                ExtensionContext.Namespace.create(NothingLeftRunning.class);

        @Override
        public void beforeEach(ExtensionContext context) {
            context.getStore(NAMESPACE).put("before", snapshot());
        }

        @Override
        public void afterEach(ExtensionContext context) {
            context.getStore(NAMESPACE).get("before", NothingLeftRunning.class).assertNothingNewFromThisJvm();
        }
    }

    private final Set<Long> processes;
    private final Set<Path> dataDirectories;

    private NothingLeftRunning(Set<Long> processes, Set<Path> dataDirectories) {
        this.processes = processes;
        this.dataDirectories = dataDirectories;
    }

    static NothingLeftRunning snapshot() {
        return new NothingLeftRunning(ownPostgresProcesses(), embeddedDataDirectories());
    }

    /**
     * For drills run inside this JVM: only its own child processes count, and the data folders in its own
     * java.io.tmpdir (the cli tests get one of their own, target/test-tmp).
     */
    void assertNothingNewFromThisJvm() {
        waitForProcessesToExit();
        assertThat(ownPostgresProcesses()).as("PostgreSQL processes this JVM started, still running")
                .isSubsetOf(processes);
        assertThat(embeddedDataDirectories()).as("embedded data directories left behind").isSubsetOf(dataDirectories);
    }

    private void waitForProcessesToExit() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!processes.containsAll(ownPostgresProcesses()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** postgres processes started by this JVM (its descendants): what an in-process drill could leave running. */
    static Set<Long> ownPostgresProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    /**
     * postgres processes whose program lies under {@code folder}: a child JVM given {@code folder} as its
     * java.io.tmpdir unpacks the embedded server there, so these are the servers that JVM started (and no other
     * build's on the machine), even once they outlive it.
     */
    static Set<Long> postgresProcessesRunFrom(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres") && Path.of(c).startsWith(root))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    static Set<Path> embeddedDataDirectories() {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("epg")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

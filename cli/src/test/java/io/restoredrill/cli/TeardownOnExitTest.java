package io.restoredrill.cli;

import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.port.TemporaryDatabaseProvider;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The exit hook and a database still being created: Ctrl-C can land while CREATE DATABASE waits for the server's
 * answer (the scratch server's database is created on its own thread while the options are read). The provider here
 * is a stand-in that holds its create until the test lets it go: no server can be made to answer at a chosen moment.
 */
class TeardownOnExitTest {

    @Test
    void theHookWaitsForADatabaseBeingCreatedAndDropsIt() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        AtomicBoolean dropped = new AtomicBoolean();
        TemporaryDatabaseProvider slowServer = dumpVersion -> {
            asked.countDown();
            await(answer);
            return new Database(dropped);
        };
        TeardownOnExit teardown = new TeardownOnExit(slowServer, false);

        Thread drill = Thread.ofPlatform().daemon().start(() -> teardown.create(Optional.empty()));
        assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
        Thread hook = Thread.ofPlatform().daemon().start(teardown::tearDownAll);

        hook.join(300);
        assertThat(hook.isAlive()).as("the hook waits for the CREATE DATABASE in flight").isTrue();
        assertThat(dropped).isFalse();

        answer.countDown();
        hook.join(10_000);
        drill.join(10_000);
        assertThat(hook.isAlive()).isFalse();
        assertThat(dropped).as("the database created meanwhile is dropped").isTrue();
    }

    @Test
    void noDatabaseIsCreatedOnceTheHookRan() {
        AtomicBoolean created = new AtomicBoolean();
        TeardownOnExit teardown = new TeardownOnExit(dumpVersion -> {
            created.set(true);
            return new Database(new AtomicBoolean());
        }, false);

        teardown.tearDownAll();

        assertThatThrownBy(() -> teardown.create(Optional.empty()))
                .isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining("exiting");
        assertThat(created).isFalse();
    }

    @Test
    void theHookDropsWhatIsOpenAndNotWhatWasClosed() {
        AtomicBoolean firstDropped = new AtomicBoolean();
        AtomicBoolean secondDropped = new AtomicBoolean();
        AtomicBoolean[] next = {firstDropped, secondDropped};
        int[] i = {0};
        TeardownOnExit teardown = new TeardownOnExit(dumpVersion -> new Database(next[i[0]++]), false);

        TemporaryDatabase first = teardown.create(Optional.empty());
        teardown.create(Optional.empty());
        first.close();
        firstDropped.set(false); // closed by the drill; the hook must not close it again

        teardown.tearDownAll();

        assertThat(firstDropped).isFalse();
        assertThat(secondDropped).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never answered");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private record Database(AtomicBoolean dropped) implements TemporaryDatabase {
        @Override
        public DatabaseEndpoint endpoint() {
            throw new UnsupportedOperationException("not used by the hook");
        }

        @Override
        public String describe() {
            return "a stand-in database";
        }

        @Override
        public int serverMajorVersion() {
            return 15;
        }

        @Override
        public DatabaseEndpoint createDatabase(String nameInBackup) {
            throw new UnsupportedOperationException("not used by the hook");
        }

        @Override
        public boolean createRoleIfAbsent(String role) {
            throw new UnsupportedOperationException("not used by the hook");
        }

        @Override
        public void close() {
            dropped.set(true);
        }
    }
}

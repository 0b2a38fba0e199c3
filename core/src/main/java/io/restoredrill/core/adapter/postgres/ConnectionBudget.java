package io.restoredrill.core.adapter.postgres;

import java.util.concurrent.Semaphore;

/**
 * How many extra connections the COPYs of a restore may open between them, beyond one per worker. A parallel
 * archive restore gives its workers one shared budget: while all of them load tables, none spreads a table over
 * more connections; when the small tables are done and one big table is left, its COPY takes the idle slots.
 */
final class ConnectionBudget {

    private final Semaphore permits;

    private ConnectionBudget(int extra) {
        this.permits = new Semaphore(extra);
    }

    /** A budget of {@code extra} connections shared by whoever holds it. */
    static ConnectionBudget of(int extra) {
        return new ConnectionBudget(Math.max(0, extra));
    }

    /** No limit beyond each target's own {@code copyConnections}: the plain loader's case. */
    static ConnectionBudget unlimited() {
        return new ConnectionBudget(Integer.MAX_VALUE);
    }

    boolean tryTake() {
        return permits.tryAcquire();
    }

    void giveBack(int n) {
        if (n > 0) {
            permits.release(n);
        }
    }
}

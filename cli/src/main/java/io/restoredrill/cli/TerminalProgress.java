package io.restoredrill.cli;

import io.restoredrill.core.port.RestoreProgress;

import java.io.PrintStream;
import java.util.Locale;

/** Shows a long restore's progress on one self-overwriting stderr line: bytes, rows, rate. */
final class TerminalProgress implements RestoreProgress {

    private static final long REDRAW_NANOS = 500_000_000L;

    private final PrintStream err;
    private final long started = System.nanoTime();
    private long lastDrawn;

    private TerminalProgress(PrintStream err) {
        this.err = err;
    }

    /**
     * Progress on stderr when the process runs in a terminal, nothing otherwise (logs and CI output stay clean).
     * Java 21 cannot ask whether stderr alone is a terminal; {@code System.console()} is non-null when the
     * process is attached to one, which is the case that matters.
     */
    static RestoreProgress onStderrIfInteractive() {
        return System.console() != null ? new TerminalProgress(System.err) : RestoreProgress.NONE;
    }

    @Override
    public void update(long bytesRead, long rowsCopied) {
        long now = System.nanoTime();
        if (now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;
        double seconds = Math.max(0.001, (now - started) / 1e9);
        err.printf(Locale.ROOT, "\r  restoring: %s read, %,d rows, %s/s   ", bytes(bytesRead), rowsCopied,
                bytes((long) (bytesRead / seconds)));
        err.flush();
    }

    @Override
    public void finished() {
        if (lastDrawn != 0) {
            err.print("\r\033[K"); // erase the progress line
            err.flush();
        }
    }

    static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", n / (double) (1L << 20));
        }
        if (n >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KB", n / (double) (1L << 10));
        }
        return n + " B";
    }
}

package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupUnusableException;

import java.io.IOException;
import java.io.InputStream;

/**
 * Feeds one archive entry's COPY data to a {@link ScriptTarget}, without pg_dump's end-of-data line: the data of
 * every COPY in an archive ends with {@code \.} and blank lines ({@code dumpTableData_copy}), so data without it
 * was cut short, which is how a truncated uncompressed data file is caught. The last few bytes are held back
 * until the end is known, so the marker is never sent.
 */
final class ArchiveCopyFeed {

    private static final int BUFFER = 256 * 1024;
    /** Longer than the marker and the newlines around it ({@code \n\.\n\n\n}). */
    private static final int TAIL = 16;

    private ArchiveCopyFeed() {
    }

    /** Sends the rows of {@code data}; returns the bytes read. */
    static long feed(InputStream data, ScriptTarget target, String what) {
        byte[] buf = new byte[BUFFER + TAIL];
        int held = 0;
        long rows = 0;
        long sent = 0;
        byte lastSent = '\n';
        try {
            for (int n; (n = data.read(buf, held, BUFFER)) >= 0; ) {
                int total = held + n;
                int send = Math.max(0, total - TAIL);
                if (send > 0) {
                    rows += newlines(buf, 0, send);
                    target.copyData(buf, 0, send, rows);
                    lastSent = buf[send - 1];
                    sent += send;
                }
                System.arraycopy(buf, send, buf, 0, total - send);
                held = total - send;
            }
        } catch (IOException e) {
            throw new BackupUnusableException(what + " cannot be read: " + e.getMessage(), e);
        }
        int end = held;
        while (end > 0 && buf[end - 1] == '\n') {
            end--;
        }
        boolean marker = end < held && end >= 2 && buf[end - 2] == '\\' && buf[end - 1] == '.'
                && (end - 2 > 0 ? buf[end - 3] == '\n' : lastSent == '\n');
        if (!marker) {
            throw new BackupUnusableException(what + " is truncated: it does not end with the line \\. that pg_dump"
                    + " writes after a table's rows (" + (sent + held) + " bytes read)");
        }
        int rest = end - 2;
        if (rest > 0) {
            rows += newlines(buf, 0, rest);
            target.copyData(buf, 0, rest, rows);
        }
        return sent + held;
    }

    private static int newlines(byte[] b, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                count++;
            }
        }
        return count;
    }
}

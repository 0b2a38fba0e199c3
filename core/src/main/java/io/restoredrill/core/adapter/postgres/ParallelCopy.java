package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.RestoreFailedException;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The rest of one {@code COPY ... FROM stdin} spread over several COPYs of the same table, each on its own
 * connection and fed by its own thread: the server parses a COPY's rows in a single backend, so one big table
 * loads as fast as one CPU parses it, and N backends parse N times as much.
 *
 * <p>The data arrives as the scanner's slices (whole or partial lines) and leaves as chunks of about
 * {@link #CHUNK_BYTES} that end at a line end, so no row is ever split between two COPYs: in COPY text format a
 * newline inside a value is written as {@code \n}, so a raw newline byte always ends a row. Each chunk goes to a
 * stream with room in its queue, so a backend that is slower for a while (waiting for a lock, or for the disk) gets
 * fewer chunks instead of holding the others up; a row longer than a chunk goes to one stream in pieces. The rows
 * of the table end up in a different physical order than in the dump, which is fine: a table has no order.
 *
 * <p>Memory is bounded: each stream's queue holds one chunk and its thread writes one more, and chunk buffers are
 * recycled. Every COPY is its own transaction, so when one fails the others may already have committed their
 * rows; the restore fails either way and its database is thrown away.
 *
 * <p>Used by one thread (the scanner's); the stream threads only touch their own {@link CopyIn}.
 */
final class ParallelCopy {

    private static final Logger log = LoggerFactory.getLogger(ParallelCopy.class);

    static final int CHUNK_BYTES = 1 << 20;
    /** Room for a whole slice of the scanner's buffer on top of a chunk that is not yet full. */
    private static final int CHUNK_CAPACITY = CHUNK_BYTES + DumpInput.BUFFER_SIZE;
    private static final int QUEUE_DEPTH = 1;
    /** Where each stream's recent rows came from in the dump, for error messages; far more than is ever in flight. */
    private static final int MAX_SEGMENTS = 1024;
    private static final long POLL_MILLIS = 50;
    private static final long CANCEL_JOIN_MILLIS = 30_000;

    private static final Chunk END = new Chunk(new byte[0], 0);
    private static final Chunk CANCEL = new Chunk(new byte[0], 0);

    private final String table;
    private final List<Stream> streams = new ArrayList<>();
    /** Free places in the streams' queues, less the one the scanner's thread is about to fill. */
    private final Semaphore room;
    private final BlockingQueue<byte[]> freeBuffers;
    private final int maxBuffers;
    private int allocatedBuffers;

    private byte[] chunk;
    private int chunkLength;
    /** Rows of this COPY in the chunks already handed to a stream (and before them, on the first connection). */
    private long rowsDispatched;
    /** Rows of this COPY in everything written so far. */
    private long rowsWritten;
    /** Where the search for a stream with room starts: the one after the stream that got the last chunk. */
    private int next;
    /** The stream that has the start of a row whose rest is still to come; null between rows. */
    private Stream pinned;
    private boolean done;

    /**
     * Starts one thread per COPY. {@code copies.get(0)} is the COPY that already received the first
     * {@code rowsSentDirectly} rows of the table, on the restore's own connection.
     */
    ParallelCopy(String table, List<CopyIn> copies, long rowsSentDirectly) {
        this.table = table;
        this.maxBuffers = copies.size() * (QUEUE_DEPTH + 1) + 1;
        this.freeBuffers = new ArrayBlockingQueue<>(maxBuffers);
        this.room = new Semaphore(copies.size() * QUEUE_DEPTH);
        this.rowsDispatched = rowsSentDirectly;
        this.rowsWritten = rowsSentDirectly;
        for (int i = 0; i < copies.size(); i++) {
            Stream stream = new Stream(i, copies.get(i));
            if (i == 0) {
                stream.segments.add(new Segment(0, 0));
                stream.streamRows = rowsSentDirectly;
            }
            streams.add(stream);
        }
        streams.forEach(s -> s.thread.start());
        // The first connection has had all the rows so far: the next chunk goes to another one.
        next = 1 % streams.size();
        chunk = buffer();
    }

    /** Appends COPY data; {@code rowsSoFar} as in {@link ScriptTarget#copyData}. */
    void write(byte[] data, int offset, int length, long rowsSoFar) {
        rowsWritten = rowsSoFar;
        System.arraycopy(data, offset, chunk, chunkLength, length);
        chunkLength += length;
        if (chunkLength < CHUNK_BYTES) {
            return;
        }
        int lastNewline = chunkLength - 1;
        while (lastNewline >= 0 && chunk[lastNewline] != '\n') {
            lastNewline--;
        }
        if (lastNewline < 0) {
            dispatch(chunkLength, rowsSoFar, false); // one long row, continued in the next chunk
            return;
        }
        // The bytes after the last newline hold no row end: all rowsSoFar rows end inside the chunk.
        dispatch(lastNewline + 1, rowsSoFar, true);
        if (chunkLength >= CHUNK_BYTES) {
            dispatch(chunkLength, rowsSoFar, false);
        }
    }

    /** Sends what is left, ends every COPY and waits for them; returns the rows the server loaded in all. */
    long finish() {
        if (chunkLength > 0) {
            dispatch(chunkLength, rowsWritten, true);
        }
        for (Stream stream : streams) {
            put(stream, END);
        }
        long rows = 0;
        for (Stream stream : streams) {
            joinUninterruptibly(stream.thread, 0);
            throwIfFailed();
            rows += stream.rowsLoaded;
        }
        done = true;
        return rows;
    }

    /** Cancels every COPY still running and waits for the threads; never throws. */
    void cancel() {
        if (done) {
            return;
        }
        done = true;
        for (Stream stream : streams) {
            stream.queue.clear(); // only this thread adds, so CANCEL fits
            stream.queue.offer(CANCEL);
        }
        for (Stream stream : streams) {
            joinUninterruptibly(stream.thread, CANCEL_JOIN_MILLIS);
            if (stream.thread.isAlive()) {
                // Closing the connections (the restore's close) ends the write it is stuck in; it is a daemon.
                log.warn("COPY into {}: stream {} did not stop within {} ms", table, stream.index, CANCEL_JOIN_MILLIS);
            }
        }
    }

    /**
     * Moves {@code chunk[0, length)} to a stream with room in its queue (the one with the start of its row, when a
     * row continues); the rest of the chunk starts the next one.
     */
    private void dispatch(int length, long rowsAtEnd, boolean endsAtRowEnd) {
        throwIfFailed(); // a bad row stops the restore now, not when the dump's COPY ends
        acquireRoom();
        Stream stream = pinned != null ? pinned : streamWithRoom();
        if (stream.segments.size() == MAX_SEGMENTS) {
            stream.segments.removeFirst();
        }
        stream.segments.addLast(new Segment(stream.streamRows, rowsDispatched));
        stream.streamRows += rowsAtEnd - rowsDispatched;
        rowsDispatched = rowsAtEnd;
        byte[] full = chunk;
        int rest = chunkLength - length;
        chunk = buffer();
        System.arraycopy(full, length, chunk, 0, rest);
        chunkLength = rest;
        put(stream, new Chunk(full, length));
        pinned = endsAtRowEnd ? null : stream;
    }

    /**
     * Waits until some stream's queue has room. Only this thread adds to the queues, and a stream gives its place
     * back after taking a chunk, so once a place is had, some queue has room until this thread fills it.
     */
    private void acquireRoom() {
        try {
            while (!room.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                throwIfFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailedException("interrupted during the COPY into " + table, e);
        }
    }

    private Stream streamWithRoom() {
        for (int i = 0; i < streams.size(); i++) {
            Stream candidate = streams.get((next + i) % streams.size());
            if (candidate.queue.remainingCapacity() > 0) {
                next = (candidate.index + 1) % streams.size();
                return candidate;
            }
        }
        throw new IllegalStateException("no COPY stream into " + table + " has room after one was freed");
    }

    private void put(Stream stream, Chunk c) {
        try {
            while (!stream.queue.offer(c, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                throwIfFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailedException("interrupted during the COPY into " + table, e);
        }
    }

    private byte[] buffer() {
        byte[] b = freeBuffers.poll();
        if (b != null) {
            return b;
        }
        if (allocatedBuffers < maxBuffers) {
            allocatedBuffers++;
            return new byte[CHUNK_CAPACITY];
        }
        try {
            while ((b = freeBuffers.poll(POLL_MILLIS, TimeUnit.MILLISECONDS)) == null) {
                throwIfFailed();
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailedException("interrupted during the COPY into " + table, e);
        }
    }

    private void throwIfFailed() {
        for (Stream stream : streams) {
            if (stream.failure != null) {
                throw new StreamFailedException(stream.failure, stream);
            }
        }
    }

    private static void joinUninterruptibly(Thread thread, long millis) {
        boolean interrupted = false;
        long deadline = System.currentTimeMillis() + millis;
        while (thread.isAlive()) {
            try {
                long left = millis == 0 ? 0 : deadline - System.currentTimeMillis();
                if (millis != 0 && left <= 0) {
                    break;
                }
                thread.join(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private record Chunk(byte[] bytes, int length) {
    }

    /**
     * Where a chunk's rows sit: after {@code streamRowsBefore} rows of its stream's COPY, and after
     * {@code copyRowsBefore} rows of the whole COPY in the dump.
     */
    private record Segment(long streamRowsBefore, long copyRowsBefore) {
    }

    /** A COPY on one connection failed; {@link #copyRow} maps the server's line number to the table's row. */
    static final class StreamFailedException extends RuntimeException {
        private final transient Stream stream;

        StreamFailedException(SQLException cause, Stream stream) {
            super(cause);
            this.stream = stream;
        }

        SQLException sqlException() {
            return (SQLException) getCause();
        }

        /** The 1-based row of the whole COPY that the server's 1-based {@code line} of this stream is. */
        OptionalLong copyRow(long line) {
            Iterator<Segment> newestFirst = stream.segments.descendingIterator();
            while (newestFirst.hasNext()) {
                Segment segment = newestFirst.next();
                if (segment.streamRowsBefore() < line) {
                    return OptionalLong.of(segment.copyRowsBefore() + line - segment.streamRowsBefore());
                }
            }
            return OptionalLong.empty();
        }
    }

    private final class Stream implements Runnable {
        final int index;
        final CopyIn copy;
        final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_DEPTH);
        final Thread thread;
        /** One per chunk sent; touched by the scanner's thread only. */
        final ArrayDeque<Segment> segments = new ArrayDeque<>();
        long streamRows;
        volatile SQLException failure;
        volatile long rowsLoaded;

        Stream(int index, CopyIn copy) {
            this.index = index;
            this.copy = copy;
            this.thread = new Thread(this, "restore-copy-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                for (;;) {
                    Chunk c = queue.take();
                    room.release();
                    if (c == END) {
                        rowsLoaded = copy.endCopy();
                        return;
                    }
                    if (c == CANCEL) {
                        cancelQuietly();
                        return;
                    }
                    copy.writeToCopy(c.bytes(), 0, c.length());
                    freeBuffers.offer(c.bytes());
                }
            } catch (SQLException e) {
                failure = e;
                cancelQuietly();
            } catch (InterruptedException e) {
                cancelQuietly();
            } catch (RuntimeException | Error e) {
                // Recorded, not lost with the thread: the scanner would otherwise wait for this queue forever.
                failure = new SQLException("COPY " + index + " into " + table + " failed: " + e, e);
                cancelQuietly();
            }
        }

        private void cancelQuietly() {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    // Expected: the server answers the cancel with an error. Whatever failed first is being reported.
                    log.debug("cancelling COPY {} into {}: {}", index, table, e.getMessage());
                }
            }
        }
    }
}

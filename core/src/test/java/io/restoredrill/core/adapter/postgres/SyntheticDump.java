package io.restoredrill.core.adapter.postgres;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A plain dump of one table with {@code rows} rows, generated while it is read and never held in memory:
 * a large dump for memory tests without a large file. Each data row is about 100 bytes.
 */
final class SyntheticDump extends InputStream {

    private static final byte[] HEAD = ("""
            --
            -- PostgreSQL database dump
            --

            -- Dumped from database version 15.18
            -- Dumped by pg_dump version 15.18

            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;

            CREATE UNLOGGED TABLE public.synthetic (id bigint, label text, pad text);

            COPY public.synthetic (id, label, pad) FROM stdin;
            """).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = ("""
            \\.

            --
            -- PostgreSQL database dump complete
            --

            """).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAD =
            "\tlabel with a \\t tab and a \\\\ backslash\tpadding-padding-padding-padding-padding-pad\n"
                    .getBytes(StandardCharsets.US_ASCII);

    private final long rows;
    private long row;
    private final byte[] current = new byte[1024];
    private int currentLength;
    private int currentPos;
    private int part; // 0 head, 1 rows, 2 tail, 3 done
    private long size;

    SyntheticDump(long rows) {
        this.rows = rows;
        current(HEAD);
    }

    /** Bytes this stream has produced so far. */
    long size() {
        return size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        int n = 0;
        while (n < len) {
            if (currentPos == currentLength && !advance()) {
                break;
            }
            int k = Math.min(len - n, currentLength - currentPos);
            System.arraycopy(current, currentPos, b, off + n, k);
            currentPos += k;
            n += k;
        }
        size += n;
        return n == 0 && len > 0 ? -1 : n;
    }

    private boolean advance() {
        if (part == 0 || part == 1) {
            if (row < rows) {
                part = 1;
                row++;
                int at = putLong(row);
                System.arraycopy(PAD, 0, current, at, PAD.length);
                currentLength = at + PAD.length;
                currentPos = 0;
                return true;
            }
            part = 2;
            current(TAIL);
            return true;
        }
        part = 3;
        return false;
    }

    private int putLong(long value) {
        String digits = Long.toString(value);
        for (int i = 0; i < digits.length(); i++) {
            current[i] = (byte) digits.charAt(i);
        }
        return digits.length();
    }

    private void current(byte[] bytes) {
        System.arraycopy(bytes, 0, current, 0, bytes.length);
        currentLength = bytes.length;
        currentPos = 0;
    }
}

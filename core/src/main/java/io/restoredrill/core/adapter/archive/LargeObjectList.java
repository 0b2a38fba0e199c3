package io.restoredrill.core.adapter.archive;

import io.restoredrill.core.domain.BackupUnusableException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code blobs.toc} (pg_dump 16 and older) or {@code blobs_NNN.toc} (17 and later) of a directory or tar
 * dump: one line per large object, its oid and the file holding it ({@code 16417 blob_16417.dat}).
 */
final class LargeObjectList {

    record Item(long oid, String file) {
    }

    private LargeObjectList() {
    }

    static List<Item> read(InputStream in, String what) {
        List<Item> items = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line; (line = lines.readLine()) != null; ) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.strip().split("\\s+", 2);
                try {
                    if (parts.length != 2) {
                        throw new NumberFormatException("two fields expected");
                    }
                    items.add(new Item(Long.parseLong(parts[0]), parts[1]));
                } catch (NumberFormatException e) {
                    throw new BackupUnusableException(what + " is corrupt: line " + number + " is \"" + line
                            + "\", not \"<oid> <file>\"", e);
                }
            }
        } catch (IOException e) {
            throw new BackupUnusableException("cannot read " + what + ": " + e.getMessage(), e);
        }
        return items;
    }
}

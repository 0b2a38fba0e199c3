package io.restoredrill.core.adapter.source;

import io.restoredrill.core.domain.BackupFormat;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The naming rules every backup source shares: which names are backups, and in which format. */
final class BackupFileNames {

    // Writers that upload or copy under a temporary name first; such a file may be incomplete.
    private static final List<String> PARTIAL_SUFFIXES = List.of(".tmp", ".partial", ".part");

    /** The file that makes a folder (or S3 prefix) a directory-format dump. */
    static final String DIRECTORY_TOC = "toc.dat";

    private BackupFileNames() {
    }

    /** Whether a folder called {@code name} may be a directory dump: not hidden, not a partial copy. */
    static boolean mayBeDirectoryBackup(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.isEmpty() && !name.startsWith(".") && PARTIAL_SUFFIXES.stream().noneMatch(lower::endsWith);
    }

    /**
     * The format {@code name} announces, or empty when it is not a backup: an unknown ending, a hidden file
     * (leading dot) or a partial upload. {@link BackupFormat#ofFileName} alone already rejects
     * {@code orders.sql.gz.part}; the explicit check keeps that true if a format with a looser ending appears.
     */
    static Optional<BackupFormat> formatOf(String name) {
        if (name.isEmpty() || name.startsWith(".")) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (PARTIAL_SUFFIXES.stream().anyMatch(lower::endsWith)) {
            return Optional.empty();
        }
        return BackupFormat.ofFileName(name);
    }
}

package io.restoredrill.core.adapter.source;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupRef.TimestampSource;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.port.BackupMembers;
import io.restoredrill.core.port.BackupSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Backups kept as files in one local (or mounted) folder.
 *
 * <p>Only files directly in the folder count: subfolders are not searched, so an {@code archive/} folder
 * beside the nightly dumps is never mistaken for a source of newer backups. A subfolder that holds a
 * {@code toc.dat} is itself one backup: a directory-format dump ({@code pg_dump -Fd}). A file is a backup when its name
 * announces a {@link BackupFormat} and it is neither hidden nor a partial copy ({@code .tmp}, {@code .partial},
 * {@code .part}). Symbolic links are followed. A backup's timestamp is read from its name when the name carries
 * one ({@link BackupTimestamps}), else it is the file's modification time.
 */
public final class FolderBackupSource implements BackupSource {

    private static final Logger log = LoggerFactory.getLogger(FolderBackupSource.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path folder;

    /** @param folder the folder holding the backups; it is read when listing, not now */
    public FolderBackupSource(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
    }

    /** The folder's absolute path. */
    @Override
    public String describe() {
        return folder.toString();
    }

    @Override
    public List<BackupRef> list() {
        if (!Files.exists(folder)) {
            throw new NoBackupFoundException("Backup folder " + folder + " does not exist");
        }
        if (!Files.isDirectory(folder)) {
            throw new NoBackupFoundException("Backup folder " + folder + " is not a directory");
        }
        List<BackupRef> backups = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                toBackup(entry).ifPresent(backups::add);
            }
        } catch (IOException e) {
            throw new NoBackupFoundException("Cannot read backup folder " + folder + ": " + reason(e), e);
        } catch (DirectoryIteratorException e) {
            throw new NoBackupFoundException(
                    "Cannot read backup folder " + folder + ": " + reason(e.getCause()), e.getCause());
        }
        log.debug("Found {} backups in {}", backups.size(), folder);
        return List.copyOf(backups);
    }

    private Optional<BackupRef> toBackup(Path file) {
        String name = file.getFileName().toString();
        Optional<BackupFormat> format = BackupFileNames.formatOf(name);
        if (format.isEmpty() && !BackupFileNames.mayBeDirectoryBackup(name)) {
            return Optional.empty();
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            // Deleted by a rotation job between listing and reading, or a link to nothing: not a backup now.
            log.warn("Skipping {}: it vanished while listing or is a broken link", file);
            return Optional.empty();
        } catch (IOException e) {
            throw new NoBackupFoundException("Cannot read backup " + file + ": " + reason(e), e);
        }
        if (attributes.isDirectory()) {
            return directoryBackup(file, name);
        }
        if (!attributes.isRegularFile() || format.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> named = BackupTimestamps.fromFileName(name);
        Instant timestamp = named.orElseGet(() -> attributes.lastModifiedTime().toInstant());
        TimestampSource source = named.isPresent() ? TimestampSource.FILE_NAME : TimestampSource.MODIFICATION_TIME;
        return Optional.of(new BackupRef(file.toString(), name, attributes.size(), timestamp, source, format.get()));
    }

    /**
     * A subfolder holding {@code toc.dat} is a directory-format dump; its timestamp is the name's, else the
     * modification time of {@code toc.dat}, which pg_dump writes last. Its size is that of all its files.
     */
    private Optional<BackupRef> directoryBackup(Path dir, String name) {
        Path toc = dir.resolve(BackupFileNames.DIRECTORY_TOC);
        if (!Files.isRegularFile(toc)) {
            return Optional.empty();
        }
        long size = 0;
        Instant modified;
        try (DirectoryStream<Path> members = Files.newDirectoryStream(dir)) {
            for (Path member : members) {
                if (Files.isRegularFile(member)) {
                    size += Files.size(member);
                }
            }
            modified = Files.getLastModifiedTime(toc).toInstant();
        } catch (IOException | DirectoryIteratorException e) {
            throw new NoBackupFoundException("Cannot read the directory backup " + dir + ": " + e.getMessage(), e);
        }
        Optional<Instant> named = BackupTimestamps.fromFileName(name);
        TimestampSource source = named.isPresent() ? TimestampSource.FILE_NAME : TimestampSource.MODIFICATION_TIME;
        return Optional.of(new BackupRef(dir.toString(), name, size, named.orElse(modified), source,
                BackupFormat.DIRECTORY));
    }

    @Override
    public BackupMembers members(BackupRef backup) {
        if (backup.format() != BackupFormat.DIRECTORY) {
            return BackupMembers.singleFile(backup.location(), offset -> openAt(Path.of(backup.location()), offset));
        }
        Path dir = Path.of(backup.location());
        return member -> {
            Path file = dir.resolve(member).normalize();
            if (!file.getParent().equals(dir)) {
                throw new BackupUnusableException(backup.location() + "/toc.dat is corrupt: it names the member \""
                        + member + "\", which is not a file of the dump's folder");
            }
            try {
                return new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
            } catch (NoSuchFileException e) {
                throw new BackupUnusableException("The directory backup " + backup.location() + " is incomplete: it"
                        + " has no file " + member, e);
            } catch (IOException e) {
                throw new BackupUnusableException("Cannot open " + file + " of the directory backup: " + reason(e), e);
            }
        };
    }

    @Override
    public InputStream open(BackupRef backup) {
        if (backup.format() == BackupFormat.DIRECTORY) {
            return members(backup).open(BackupFileNames.DIRECTORY_TOC);
        }
        Path file = Path.of(backup.location());
        try {
            return new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        } catch (IOException e) {
            throw new BackupUnusableException("Cannot open backup " + file + ": " + reason(e), e);
        }
    }

    private static InputStream openAt(Path file, long offset) {
        try {
            FileChannel channel = FileChannel.open(file);
            try {
                return new BufferedInputStream(Channels.newInputStream(channel.position(offset)), BUFFER_BYTES);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new BackupUnusableException("Cannot open backup " + file + " at byte " + offset + ": " + reason(e), e);
        }
    }

    // NIO exceptions carry only the path as their message; say what went wrong instead.
    private static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException ignored -> "it does not exist";
            case AccessDeniedException ignored -> "permission denied";
            case NotDirectoryException ignored -> "it is not a directory";
            default -> e.toString();
        };
    }
}

package io.restoredrill.core.adapter.source;

import io.restoredrill.core.adapter.AwsErrors;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupRef.TimestampSource;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.port.BackupMembers;
import io.restoredrill.core.port.BackupSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Backups kept as objects under a prefix in an S3 bucket (or an S3-compatible store).
 *
 * <p>Every object under the prefix counts, however deep (S3 has no folders; {@code prefix/2026/11/x.sql.gz} is
 * as much a backup as {@code prefix/x.sql.gz}), except "folder marker" keys ending in {@code /}. An object is a
 * backup when the last segment of its key is a backup name by the same rules as {@link FolderBackupSource}; its
 * timestamp is read from that name when it carries one, else it is the object's LastModified. A prefix holding a
 * {@code toc.dat} is one backup, a directory-format dump; the objects under it are its members, not backups.
 */
public final class S3BackupSource implements BackupSource {

    private static final Logger log = LoggerFactory.getLogger(S3BackupSource.class);
    private static final int BUFFER_BYTES = 64 * 1024;
    // S3's own maximum; stated so that the page size is visible and a test can shrink it.
    private static final int KEYS_PER_PAGE = 1000;

    private final S3Client s3;
    private final S3Location location;
    private final int keysPerPage;

    /** @param s3 a client this source uses but does not own: whoever built it closes it */
    public S3BackupSource(S3Client s3, S3Location location) {
        this(s3, location, KEYS_PER_PAGE);
    }

    S3BackupSource(S3Client s3, S3Location location, int keysPerPage) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.location = Objects.requireNonNull(location, "location");
        this.keysPerPage = keysPerPage;
    }

    /**
     * A source whose client is configured from the process environment ({@link S3Clients#fromEnvironment()});
     * that client lives as long as the process.
     */
    public static S3BackupSource fromEnvironment(S3Location location) {
        return new S3BackupSource(S3Clients.fromEnvironment(), location);
    }

    /** {@code s3://bucket/prefix}. */
    @Override
    public String describe() {
        return location.toString();
    }

    @Override
    public List<BackupRef> list() {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(location.bucket())
                .prefix(location.prefix())
                .maxKeys(keysPerPage)
                .build();
        List<S3Object> objects = new ArrayList<>();
        try {
            // The paginator fetches pages lazily, so S3 errors surface while iterating, inside this try.
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                objects.add(object);
            }
        } catch (SdkException e) {
            throw new NoBackupFoundException("Cannot list backups in " + location + ": " + AwsErrors.reason(e), e);
        }
        List<BackupRef> backups = new ArrayList<>();
        Map<String, S3Object> directoryTocs = new HashMap<>();
        for (S3Object object : objects) {
            String key = object.key();
            if (key.endsWith("/" + BackupFileNames.DIRECTORY_TOC)) {
                directoryTocs.put(key.substring(0, key.length() - BackupFileNames.DIRECTORY_TOC.length()), object);
            }
        }
        Map<String, Long> directorySizes = new HashMap<>();
        for (S3Object object : objects) {
            Optional<String> dir = directoryOf(object.key(), directoryTocs);
            if (dir.isPresent()) {
                directorySizes.merge(dir.get(), object.size() == null ? 0 : object.size(), Long::sum);
            } else {
                toBackup(object).ifPresent(backups::add);
            }
        }
        directoryTocs.forEach((dir, toc) -> directoryBackup(dir, toc, directorySizes.getOrDefault(dir, 0L))
                .ifPresent(backups::add));
        log.debug("Found {} backups in {}", backups.size(), location);
        return List.copyOf(backups);
    }

    private Optional<BackupRef> toBackup(S3Object object) {
        String key = object.key();
        if (key.endsWith("/")) {
            return Optional.empty();
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        Optional<BackupFormat> format = BackupFileNames.formatOf(name);
        if (format.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> named = BackupTimestamps.fromFileName(name);
        Instant timestamp = named.orElseGet(object::lastModified);
        TimestampSource source = named.isPresent() ? TimestampSource.FILE_NAME : TimestampSource.MODIFICATION_TIME;
        long size = object.size() == null ? 0 : object.size();
        return Optional.of(new BackupRef(location.uriOf(key), name, size, timestamp, source, format.get()));
    }

    /** The directory dump (its prefix, ending in {@code /}) that holds {@code key}, if any. */
    private static Optional<String> directoryOf(String key, Map<String, S3Object> directoryTocs) {
        for (int slash = key.lastIndexOf('/'); slash > 0; slash = key.lastIndexOf('/', slash - 1)) {
            String dir = key.substring(0, slash + 1);
            if (directoryTocs.containsKey(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /**
     * A prefix holding {@code toc.dat} is one directory-format dump, located at the prefix without its last
     * {@code /}; its timestamp is the name's, else toc.dat's LastModified (pg_dump writes toc.dat last).
     */
    private Optional<BackupRef> directoryBackup(String dir, S3Object toc, long size) {
        String path = dir.substring(0, dir.length() - 1);
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!BackupFileNames.mayBeDirectoryBackup(name)) {
            return Optional.empty();
        }
        Optional<Instant> named = BackupTimestamps.fromFileName(name);
        TimestampSource source = named.isPresent() ? TimestampSource.FILE_NAME : TimestampSource.MODIFICATION_TIME;
        return Optional.of(new BackupRef(location.uriOf(path), name, size, named.orElseGet(toc::lastModified), source,
                BackupFormat.DIRECTORY));
    }

    @Override
    public BackupMembers members(BackupRef backup) {
        if (backup.format() != BackupFormat.DIRECTORY) {
            // A ranged GET from the offset to the end: "Range: bytes=first-" (RFC 9110 section 14.1.2, which
            // GetObject's Range parameter follows).
            // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
            return BackupMembers.singleFile(backup.location(), offset -> {
                String key = keyOf(backup);
                try {
                    return new BufferedInputStream(s3.getObject(request -> request.bucket(location.bucket())
                            .key(key).range(range(offset))), BUFFER_BYTES);
                } catch (SdkException e) {
                    throw new BackupUnusableException("Cannot open backup " + backup.location() + " at byte "
                            + offset + ": " + AwsErrors.reason(e), e);
                }
            });
        }
        String dir = keyOf(backup) + "/";
        return member -> {
            if (member.contains("/")) {
                throw new BackupUnusableException(backup.location() + "/toc.dat is corrupt: it names the member \""
                        + member + "\", which is not an object of the dump's prefix");
            }
            try {
                return new BufferedInputStream(
                        s3.getObject(request -> request.bucket(location.bucket()).key(dir + member)), BUFFER_BYTES);
            } catch (NoSuchKeyException e) {
                throw new BackupUnusableException("The directory backup " + backup.location() + " is incomplete: it"
                        + " has no object " + member, e);
            } catch (SdkException e) {
                throw new BackupUnusableException("Cannot open " + backup.location() + "/" + member + ": "
                        + AwsErrors.reason(e), e);
            }
        };
    }

    /**
     * @throws IllegalArgumentException when {@code backup} is not in this source's bucket (a caller's mistake)
     */
    @Override
    public InputStream open(BackupRef backup) {
        if (backup.format() == BackupFormat.DIRECTORY) {
            return members(backup).open(BackupFileNames.DIRECTORY_TOC);
        }
        String key = keyOf(backup);
        try {
            return new BufferedInputStream(
                    s3.getObject(request -> request.bucket(location.bucket()).key(key)), BUFFER_BYTES);
        } catch (SdkException e) {
            throw new BackupUnusableException("Cannot open backup " + backup.location() + ": " + AwsErrors.reason(e), e);
        }
    }

    /** The Range header of a GET from byte {@code offset} to the end of the object. */
    static String range(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset " + offset);
        }
        return "bytes=" + offset + "-";
    }

    private String keyOf(BackupRef backup) {
        String bucketRoot = location.uriOf("");
        if (!backup.location().startsWith(bucketRoot)) {
            throw new IllegalArgumentException(
                    "Backup " + backup.location() + " is not in bucket " + location.bucket() + " of " + location);
        }
        return backup.location().substring(bucketRoot.length());
    }
}

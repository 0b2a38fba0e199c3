package io.restoredrill.core.adapter.source;

import io.restoredrill.core.adapter.AwsErrors;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupRef.TimestampSource;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.port.BackupSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Backups kept as objects under a prefix in an S3 bucket (or an S3-compatible store).
 *
 * <p>Every object under the prefix counts, however deep (S3 has no folders; {@code prefix/2026/11/x.sql.gz} is
 * as much a backup as {@code prefix/x.sql.gz}), except "folder marker" keys ending in {@code /}. An object is a
 * backup when the last segment of its key is a backup name by the same rules as {@link FolderBackupSource}; its
 * timestamp is read from that name when it carries one, else it is the object's LastModified.
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
        List<BackupRef> backups = new ArrayList<>();
        try {
            // The paginator fetches pages lazily, so S3 errors surface while iterating, inside this try.
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                toBackup(object).ifPresent(backups::add);
            }
        } catch (SdkException e) {
            throw new NoBackupFoundException("Cannot list backups in " + location + ": " + AwsErrors.reason(e), e);
        }
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

    /**
     * @throws IllegalArgumentException when {@code backup} is not in this source's bucket (a caller's mistake)
     */
    @Override
    public InputStream open(BackupRef backup) {
        String key = keyOf(backup);
        try {
            return new BufferedInputStream(
                    s3.getObject(request -> request.bucket(location.bucket()).key(key)), BUFFER_BYTES);
        } catch (SdkException e) {
            throw new BackupUnusableException("Cannot open backup " + backup.location() + ": " + AwsErrors.reason(e), e);
        }
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

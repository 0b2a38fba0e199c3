package io.restoredrill.core.adapter.source;

import java.util.Objects;

/**
 * A place in S3: a bucket and a key prefix, written {@code s3://bucket/prefix}.
 *
 * <p>The prefix is a plain S3 key prefix, used as given: {@code s3://b/nightly/} means the keys under the
 * {@code nightly/} "folder", while {@code s3://b/nightly} also matches {@code nightly-old/...}.
 *
 * @param bucket the bucket name, not empty
 * @param prefix the key prefix, possibly empty (the whole bucket)
 */
public record S3Location(String bucket, String prefix) {

    private static final String SCHEME = "s3://";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        if (bucket.isBlank() || bucket.contains("/") || !bucket.strip().equals(bucket)) {
            throw new IllegalArgumentException("Not an S3 bucket name: '" + bucket + "'");
        }
    }

    /**
     * Reads {@code s3://bucket/prefix} (the prefix may be empty: {@code s3://bucket} or {@code s3://bucket/}).
     *
     * @throws IllegalArgumentException when the text is not an {@code s3://} location with a bucket
     */
    public static S3Location parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.startsWith(SCHEME)) {
            throw new IllegalArgumentException(
                    "Not an S3 location: '" + text + "' (expected s3://bucket/prefix/)");
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isBlank()) {
            throw new IllegalArgumentException(
                    "S3 location '" + text + "' names no bucket (expected s3://bucket/prefix/)");
        }
        return new S3Location(bucket, prefix);
    }

    /** The location of one object in this bucket: {@code s3://bucket/key}. */
    public String uriOf(String key) {
        return SCHEME + bucket + "/" + key;
    }

    /** {@code s3://bucket/prefix}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return uriOf(prefix);
    }
}

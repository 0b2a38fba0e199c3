package io.restoredrill.cli.preflight;

/** S3 buckets, for whether one exists. */
public interface Buckets {

    boolean exists(String bucket);
}

package io.restoredrill.core.adapter.s3;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.util.Optional;

/**
 * Reads an object that may not exist yet (a drill's baseline, its restore-time trend) the way the functions' grants
 * allow: ask whether it exists with an explicit list of exactly its key, then read it. S3's answer to a GetObject of
 * a missing key is 404 only for a caller with s3:ListBucket, and the API Reference does not say whether that
 * implicit check carries s3:prefix, the condition our grant is limited by; a ListObjectsV2 request with Prefix does
 * carry it (Service Authorization Reference, s3:prefix on ListBucket).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
 */
final class ListedObjects {

    private ListedObjects() {
    }

    /**
     * The object's content as UTF-8, or empty when it does not exist (or was deleted between the list and the read).
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 refuses either request; the caller words it
     */
    static Optional<String> readIfPresent(S3Client s3, String bucket, String key) {
        boolean exists = s3.listObjectsV2(request -> request.bucket(bucket).prefix(key).maxKeys(1)).contents()
                .stream().anyMatch(object -> object.key().equals(key));
        if (!exists) {
            return Optional.empty();
        }
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }
}

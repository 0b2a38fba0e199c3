package io.restoredrill.statemachine.harness;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The S3 objects of one local run, by bucket and key: what the simulated plan writes (drills.json), what the
 * harness's ResultWriter writes (manifest.json and the result files) and what the simulated summarize reads. The
 * {@link TaskHost} serves it to run-execution.mjs as {@code GET/PUT /s3/<bucket>/<key>}.
 */
public final class ObjectStore {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    public void put(String bucket, String key, String body) {
        objects.put(bucket + "/" + key, body.getBytes(StandardCharsets.UTF_8));
    }

    public Optional<String> get(String bucket, String key) {
        return Optional.ofNullable(objects.get(bucket + "/" + key)).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** Every "bucket/key" stored, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(objects.keySet());
    }

    void put(String path, byte[] body) {
        objects.put(path, body);
    }

    Optional<byte[]> get(String path) {
        return Optional.ofNullable(objects.get(path));
    }
}

package io.restoredrill.core.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails the test (or, for calls made outside any test method, the class) in which a function made an AWS call
 * the manifest does not list, even when the code caught the {@link AssertionError} {@link AwsCallRecorder} threw.
 * Registered for every test JVM with core's test-jar through JUnit's extension auto-detection
 * (META-INF/services/org.junit.jupiter.api.extension.Extension and junit-platform.properties).
 */
public final class AwsCallsMustBeListed implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        report(AwsCallRecorder.takeUnlisted());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        report(AwsCallRecorder.takeUnlisted());
    }

    static void report(List<RecordedCall> unlisted) {
        if (!unlisted.isEmpty()) {
            throw new AssertionError(unlisted.size() + " AWS call(s) of the functions are not in "
                    + AwsCallRecorder.MANIFEST + " (add an entry for each; see target/aws-calls.jsonl):\n  "
                    + String.join("\n  ", unlisted.stream().map(RecordedCall::toString).toList()));
        }
    }
}

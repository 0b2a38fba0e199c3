package io.restoredrill.lambda.validate;

import java.time.Duration;
import java.time.Instant;

/**
 * For benchmark/lambda-validate-cold-init.sh: constructs the handler as the Lambda runtime does (no-argument
 * constructor: configuration from the environment, SDK clients, adapters) and prints the milliseconds from the
 * JVM process's start to the handler being ready. Not a test: timing goals live in benchmarks.
 */
public final class ColdInitMain {

    private ColdInitMain() {
    }

    public static void main(String[] args) {
        Instant processStart = ProcessHandle.current().info().startInstant().orElseThrow();
        ValidateHandler handler = new ValidateHandler();
        long millis = Duration.between(processStart, Instant.now()).toMillis();
        System.err.println("handler ready: " + handler.getClass().getSimpleName());
        System.out.println(millis);
    }
}

package io.restoredrill.core.adapter.in.lambda;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.RestoreFailedException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

/**
 * What a step's failure costs in Step Functions: the Java runtime's error JSON, kept as the error's Cause in the state
 * document and in the night's summary. Its shape, from the Lambda Developer Guide ("AWS Lambda function errors in
 * Java", https://docs.aws.amazon.com/lambda/latest/dg/java-exceptions.html): {@code errorMessage}, {@code errorType},
 * {@code stackTrace} (one string per frame) and a nested {@code cause} with the same fields.
 */
class LambdaErrorsTest {

    private static final String STATE = """
            {"drill": {"name": "orders"}, "executionId": "exec-1"}""";

    /** The error document as the Java runtime writes it. */
    static ObjectNode lambdaErrorJson(Throwable t) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("errorMessage", t.getMessage());
        node.put("errorType", t.getClass().getName());
        var frames = node.putArray("stackTrace");
        for (StackTraceElement frame : t.getStackTrace()) {
            frames.add(frame.toString());
        }
        if (t.getCause() != null && t.getCause() != t) {
            node.set("cause", lambdaErrorJson(t.getCause()));
        }
        return node;
    }

    private static RuntimeException deep(int depth) {
        if (depth == 0) {
            IllegalStateException root = new IllegalStateException("the RDS answer had no endpoint");
            return new RestoreFailedException("restore-drill-orders-0123456789ab did not become available", root);
        }
        return deep(depth - 1);
    }

    private static RuntimeException failWithDeepStack() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return catchRuntimeException(() -> StateHandlers.handle(
                new ByteArrayInputStream(STATE.getBytes(StandardCharsets.UTF_8)), out, state -> {
                    throw deep(400);
                }));
    }

    @Test
    void theErrorOfADeepStackIsSmallAndKeepsItsTypeMessageAndCause() {
        int untrimmed = lambdaErrorJson(deep(400)).toString().length();

        RuntimeException thrown = failWithDeepStack();
        String json = lambdaErrorJson(thrown).toString();

        System.out.println("MEASURED Lambda error JSON of a 400-frame failure with a cause: " + untrimmed
                + " characters untrimmed, " + json.length() + " trimmed");
        assertThat(untrimmed).as("the same failure untrimmed").isGreaterThan(30_000);
        assertThat(json.length()).isLessThan(400);
        assertThat(thrown).isExactlyInstanceOf(RestoreFailedException.class)
                .hasMessage("restore-drill-orders-0123456789ab did not become available");
        assertThat(thrown.getStackTrace()).isEmpty();
        assertThat(thrown.getCause()).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("the RDS answer had no endpoint");
        assertThat(thrown.getCause().getStackTrace()).isEmpty();
    }

    @Test
    void suppressedExceptionsLoseTheirFramesToo() {
        RuntimeException e = deep(50);
        e.addSuppressed(deep(50));

        RuntimeException trimmed = LambdaErrors.trimmed(e);

        assertThat(trimmed).isSameAs(e);
        assertThat(trimmed.getSuppressed()).singleElement()
                .satisfies(s -> assertThat(s.getStackTrace()).isEmpty())
                .satisfies(s -> assertThat(s.getCause().getStackTrace()).isEmpty());
    }

    @Test
    void aLongMessageIsCutInAnExceptionOfTheSameClass() {
        InvalidConfigurationException e = new InvalidConfigurationException("x".repeat(5_000),
                new IllegalArgumentException("why"));

        RuntimeException trimmed = LambdaErrors.trimmed(e);

        assertThat(trimmed).isExactlyInstanceOf(InvalidConfigurationException.class);
        assertThat(trimmed.getMessage()).hasSizeLessThan(LambdaErrors.MAX_MESSAGE + 60)
                .startsWith("x".repeat(LambdaErrors.MAX_MESSAGE))
                .endsWith("(4000 more characters in the function's log)");
        assertThat(trimmed.getCause()).hasMessage("why");
        assertThat(trimmed.getStackTrace()).isEmpty();
    }

    /** No public constructor taking a message: the class is what Catch matches, so it is kept, message and all. */
    public static final class WithoutMessageConstructor extends RuntimeException {
        public WithoutMessageConstructor(int length) {
            super("y".repeat(length));
        }
    }

    @Test
    void aClassThatCannotBeRebuiltKeepsItsMessageRatherThanItsTypeChanging() {
        RuntimeException e = new WithoutMessageConstructor(2_000);

        RuntimeException trimmed = LambdaErrors.trimmed(e);

        assertThat(trimmed).isSameAs(e);
        assertThat(trimmed.getMessage()).hasSize(2_000);
        assertThat(trimmed.getStackTrace()).isEmpty();
    }

    @Test
    void anEventThatIsNotAStateDocumentFailsWithTheSameSmallError() {
        RuntimeException thrown = catchRuntimeException(() -> StateHandlers.handle(
                new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                state -> state));

        assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
        assertThat(thrown.getStackTrace()).isEmpty();
    }
}

package io.restoredrill.core.adapter.in.lambda;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Makes an exception small enough for the error JSON Lambda sends to Step Functions, without changing what Retry
 * and Catch match on. The Java runtime turns an uncaught exception into {@code errorMessage}, {@code errorType},
 * {@code stackTrace} and, nested, each {@code cause} with its own three (Lambda Developer Guide, "AWS Lambda
 * function errors in Java", https://docs.aws.amazon.com/lambda/latest/dg/java-exceptions.html); Step Functions
 * keeps that JSON as the error's {@code Cause}, which the state document and the night's summary carry. The full
 * exception, with its stack, is logged by the caller before this runs.
 *
 * <ul>
 *   <li>The stack traces of the exception, of its causes and of everything suppressed are removed: same objects,
 *       same classes, same messages, no frames.</li>
 *   <li>A message longer than {@value #MAX_MESSAGE} characters is cut, by rethrowing a new exception <em>of the
 *       same class</em> built through its public {@code (String, Throwable)} or {@code (String)} constructor (the
 *       cause kept, frames removed). A class with neither keeps its long message: its type is what the state
 *       machine matches, so it is never wrapped in another one.</li>
 * </ul>
 */
public final class LambdaErrors {

    /** The longest message kept as it is; the log has the whole message. */
    public static final int MAX_MESSAGE = 1_000;

    private static final StackTraceElement[] NO_FRAMES = new StackTraceElement[0];

    private LambdaErrors() {
    }

    /** The exception to rethrow: this one with no frames, or a copy of its class with its message cut. */
    public static RuntimeException trimmed(RuntimeException e) {
        stripFrames(e, Collections.newSetFromMap(new IdentityHashMap<>()));
        String message = e.getMessage();
        if (message == null || message.length() <= MAX_MESSAGE) {
            return e;
        }
        String cut = message.substring(0, MAX_MESSAGE) + "... (" + (message.length() - MAX_MESSAGE)
                + " more characters in the function's log)";
        RuntimeException copy = copyOf(e, cut);
        if (copy == null) {
            return e;
        }
        copy.setStackTrace(NO_FRAMES);
        for (Throwable suppressed : e.getSuppressed()) {
            copy.addSuppressed(suppressed);
        }
        return copy;
    }

    private static RuntimeException copyOf(RuntimeException e, String message) {
        Class<? extends RuntimeException> type = e.getClass();
        if (!Modifier.isPublic(type.getModifiers())) {
            return null;
        }
        try {
            Constructor<? extends RuntimeException> withCause = type.getConstructor(String.class, Throwable.class);
            return withCause.newInstance(message, e.getCause());
        } catch (ReflectiveOperationException | RuntimeException noSuchConstructor) {
            // try the next one
        }
        try {
            RuntimeException copy = type.getConstructor(String.class).newInstance(message);
            if (e.getCause() != null && copy.getCause() == null) {
                copy.initCause(e.getCause());
            }
            return copy;
        } catch (ReflectiveOperationException | RuntimeException noSuchConstructor) {
            return null;
        }
    }

    private static void stripFrames(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        t.setStackTrace(NO_FRAMES);
        stripFrames(t.getCause(), seen);
        for (Throwable suppressed : t.getSuppressed()) {
            stripFrames(suppressed, seen);
        }
    }
}

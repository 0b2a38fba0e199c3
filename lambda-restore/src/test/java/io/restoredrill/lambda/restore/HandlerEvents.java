package io.restoredrill.lambda.restore;

import io.restoredrill.core.adapter.in.lambda.StateDocument;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.core.workflow.DrillState;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Feeds event files from src/test/resources/events through a handler, as the Lambda runtime would. */
final class HandlerEvents {

    private HandlerEvents() {
    }

    static InputStream event(String name) {
        InputStream in = HandlerEvents.class.getResourceAsStream("/events/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no test event " + name);
        }
        return in;
    }

    static DrillState invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, InputStream event) {
        return document(handler, event).state();
    }

    /** The document the handler wrote, its drill as written. */
    static StateDocument document(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler,
                                  InputStream event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(event, out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return StateJson.readDocument(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    static InputStream json(StateDocument document) {
        return new java.io.ByteArrayInputStream(StateJson.toJson(document).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

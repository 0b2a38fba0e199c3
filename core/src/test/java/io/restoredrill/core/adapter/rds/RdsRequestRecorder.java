package io.restoredrill.core.adapter.rds;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Records every RDS request an SDK client sends, as the Query API form fields on the wire (after marshalling), so a
 * test asserts what RDS would receive, not what the code meant to send. Add it to a client with
 * {@code overrideConfiguration(c -> c.addExecutionInterceptor(recorder))}.
 */
public final class RdsRequestRecorder implements ExecutionInterceptor {

    private final List<Map<String, String>> sent = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        // The Query protocol's parameters: in the body once the SDK moved them there, else still in the query.
        context.httpRequest().rawQueryParameters().forEach((k, v) -> fields.put(k, v.isEmpty() ? "" : v.get(0)));
        Optional<ContentStreamProvider> body = context.requestBody().map(b -> b.contentStreamProvider())
                .or(() -> context.httpRequest() instanceof SdkHttpFullRequest full ? full.contentStreamProvider()
                        : Optional.empty());
        body.ifPresent(provider -> {
            try (InputStream in = provider.newStream()) {
                fields.putAll(form(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        sent.add(Map.copyOf(fields));
    }

    /** Every request of one action (e.g. {@code ModifyDBInstance}), as its decoded form fields, in order. */
    public List<Map<String, String>> requests(String action) {
        return sent.stream().filter(f -> action.equals(f.get("Action"))).toList();
    }

    /** The actions sent, in order. */
    public List<String> actions() {
        return sent.stream().map(f -> f.get("Action")).toList();
    }

    public void clear() {
        sent.clear();
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&"))
                .filter(pair -> !pair.isEmpty())
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "", (a, b) -> a));
    }
}

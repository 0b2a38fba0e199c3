package io.restoredrill.lambda.fleet;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every request a client sent, as the SDK request and as the HTTP request on the wire. */
final class SentRequests implements ExecutionInterceptor {

    record Sent(SdkRequest request, SdkHttpRequest http) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        sent.add(new Sent(context.request(), context.httpRequest()));
    }

    <T extends SdkRequest> List<Sent> of(Class<T> type) {
        return sent.stream().filter(s -> type.isInstance(s.request())).toList();
    }

    void clear() {
        sent.clear();
    }
}

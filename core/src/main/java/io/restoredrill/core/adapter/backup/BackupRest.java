package io.restoredrill.core.adapter.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * AWS Backup's REST API as both of its clients here call it (the SDK's {@code backup} module is not available to this
 * build): requests to {@code https://backup.<region>.amazonaws.com} (or {@code AWS_ENDPOINT_URL_BACKUP} /
 * {@code AWS_ENDPOINT_URL}, as the SDK's own clients read them), signed with Signature Version 4 by the SDK's own
 * signer for the service {@code backup}, and their answers with the error's type and message as AWS's REST-JSON
 * protocol gives them (the {@code x-amzn-ErrorType} header, else the body's {@code __type} or {@code Code}).
 */
final class BackupRest implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its status, its body, and for an error its type and message. */
    record Answer(int status, String body, String type, String message) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** Throttling or a server error, which a retry may get past. */
        boolean transientError() {
            return status == 429 || status >= 500 || type.contains("Throttling") || type.contains("ServiceUnavailable");
        }
    }

    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;

    BackupRest(URI endpoint, Region region, AwsCredentialsProvider credentials, SdkHttpClient http) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = Objects.requireNonNull(http, "http");
    }

    /** The environment's region, credentials and endpoint, as the SDK's clients take them. */
    static BackupRest fromEnvironment(Optional<Region> region) {
        Region r = region.orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
        return new BackupRest(endpoint(System.getenv(), r), r, DefaultCredentialsProvider.builder().build(),
                UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)).build());
    }

    static URI endpoint(Map<String, String> env, Region region) {
        String configured = Optional.ofNullable(env.get("AWS_ENDPOINT_URL_BACKUP"))
                .or(() -> Optional.ofNullable(env.get("AWS_ENDPOINT_URL"))).filter(v -> !v.isBlank()).orElse(null);
        return URI.create(configured != null ? configured : "https://backup." + region.id() + ".amazonaws.com");
    }

    URI endpoint() {
        return endpoint;
    }

    Region region() {
        return region;
    }

    /** A request to {@code encodedPath} below the endpoint (its own path kept). */
    SdkHttpFullRequest.Builder request(String encodedPath) {
        return SdkHttpFullRequest.builder().uri(endpoint)
                .encodedPath(endpoint.getRawPath().replaceAll("/$", "") + encodedPath);
    }

    /**
     * Signs and sends the request (its payload too, when it has one).
     *
     * @throws IOException when AWS Backup gives no answer
     */
    Answer send(SdkHttpFullRequest request) throws IOException {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(credentials.resolveCredentials())
                    .request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "backup")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id());
            request.contentStreamProvider().ifPresent(r::payload);
        });
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null)).build()).call();
        int status = response.httpResponse().statusCode();
        String body = response.responseBody().map(BackupRest::read).orElse("");
        if (status / 100 == 2) {
            return new Answer(status, body, "", "");
        }
        String type = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").map(t -> t.split(":")[0])
                .orElseGet(() -> field(body, "__type").or(() -> field(body, "Code")).orElse("HTTP " + status));
        String message = field(body, "Message").or(() -> field(body, "message")).orElse(body);
        return new Answer(status, body, type, message);
    }

    private static Optional<String> field(String body, String name) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.hasNonNull(name) ? Optional.of(node.get(name).asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}

package io.restoredrill.core.adapter.secrets;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Duration;

/**
 * Builds the Secrets Manager client: URLConnection HTTP client, credentials from the standard chain (in Lambda:
 * the function's role), endpoint from {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} when set
 * (the SDK reads those itself), and the SDK's standard retries.
 */
public final class SecretsManagerClients {

    private SecretsManagerClients() {
    }

    /** A client for {@code region}, as the caller's configuration names it. */
    public static SecretsManagerClient forRegion(Region region) {
        return SecretsManagerClient.builder()
                .region(region)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }
}

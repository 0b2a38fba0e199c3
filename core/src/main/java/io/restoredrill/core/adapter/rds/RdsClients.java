package io.restoredrill.core.adapter.rds;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;

import java.time.Duration;

/**
 * Builds the RDS client: URLConnection HTTP client, region and credentials from the standard chain (in Lambda:
 * AWS_REGION and the function's role), endpoint from AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_RDS when set (the SDK
 * reads those itself), and the SDK's standard retries with backoff for throttling.
 */
public final class RdsClients {

    private RdsClients() {
    }

    public static RdsClient fromEnvironment() {
        return builder().build();
    }

    /** The same client in another region than the environment's (the account audit's {@code --region}). */
    public static RdsClient inRegion(Region region) {
        return builder().region(region).build();
    }

    /** A client of another place: a region, with other credentials (a role in a backup account). */
    public static RdsClient inRegion(Region region, AwsCredentialsProvider credentials) {
        return builder().region(region).credentialsProvider(credentials).build();
    }

    private static RdsClientBuilder builder() {
        return RdsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)));
    }
}

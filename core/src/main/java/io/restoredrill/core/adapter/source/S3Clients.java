package io.restoredrill.core.adapter.source;

import io.restoredrill.core.domain.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the S3 client backup sources use, configured from the environment. The only place in the S3 adapter
 * that reads the environment.
 *
 * <ul>
 *   <li>HTTP: the URLConnection client (small, starts fast in Lambda).</li>
 *   <li>Credentials and region: the SDK's default chains ({@code AWS_REGION}, profile, instance metadata...).</li>
 *   <li>Endpoint: {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL} (ignored when
 *       {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}), to reach an S3-compatible store or emulator.</li>
 *   <li>Path-style addressing ({@code http://host/bucket/key}) whenever such an endpoint is set, since
 *       emulators and most S3-compatible stores serve no {@code bucket.host} names, or when
 *       {@code AWS_S3_FORCE_PATH_STYLE=true}; {@code AWS_S3_FORCE_PATH_STYLE=false} turns it off.</li>
 *   <li>With an endpoint but no region anywhere, the region is {@code us-east-1} (emulators ignore it but the
 *       SDK needs one to sign). Without an endpoint, a missing region is an error that says to set
 *       {@code AWS_REGION}.</li>
 * </ul>
 */
public final class S3Clients {

    private static final Logger log = LoggerFactory.getLogger(S3Clients.class);

    static final Region EMULATOR_REGION = Region.US_EAST_1;
    private static final List<String> ENDPOINT_VARIABLES = List.of("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");

    private S3Clients() {
    }

    /** An S3 client configured from this process's environment variables and the SDK's default chains. */
    public static S3Client fromEnvironment() {
        return fromEnvironment(System.getenv(), new DefaultAwsRegionProviderChain(),
                DefaultCredentialsProvider.builder().build());
    }

    /**
     * An S3 client configured from {@code environment}.
     *
     * <p>The SDK reads the endpoint variables by itself too; this factory reads them anyway because it must
     * know whether an endpoint is overridden (path style, default region), and passes the endpoint on
     * explicitly so that the client follows the map it was given. An endpoint set only in an AWS profile
     * ({@code endpoint_url}) is still applied by the SDK, but turns on no path style: set
     * {@code AWS_S3_FORCE_PATH_STYLE=true} for that.
     */
    static S3Client fromEnvironment(
            Map<String, String> environment, AwsRegionProvider regions, AwsCredentialsProvider credentials) {
        Optional<URI> endpoint = endpointOverride(environment);
        boolean pathStyle = Optional.ofNullable(environment.get("AWS_S3_FORCE_PATH_STYLE"))
                .map(String::strip)
                .filter(value -> !value.isEmpty())
                .map(Boolean::parseBoolean)
                .orElse(endpoint.isPresent());
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials)
                .region(region(regions, endpoint.isPresent()))
                .forcePathStyle(pathStyle);
        endpoint.ifPresent(builder::endpointOverride);
        // Host and port only: an endpoint URL could carry user:password.
        endpoint.ifPresent(uri -> log.debug("S3 endpoint overridden: {}:{} (path-style {})",
                uri.getHost(), uri.getPort(), pathStyle));
        return builder.build();
    }

    private static Optional<URI> endpointOverride(Map<String, String> environment) {
        if ("true".equalsIgnoreCase(environment.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").strip())) {
            return Optional.empty();
        }
        for (String variable : ENDPOINT_VARIABLES) {
            String value = environment.getOrDefault(variable, "").strip();
            if (!value.isEmpty()) {
                return Optional.of(endpoint(variable, value));
            }
        }
        return Optional.empty();
    }

    private static URI endpoint(String variable, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new InvalidConfigurationException(
                        variable + " must be a URL such as http://localhost:4566, not '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(
                    variable + " must be a URL such as http://localhost:4566, not '" + value + "'", e);
        }
    }

    private static Region region(AwsRegionProvider regions, boolean endpointOverridden) {
        try {
            return regions.getRegion();
        } catch (SdkClientException e) {
            if (endpointOverridden) {
                return EMULATOR_REGION;
            }
            throw new InvalidConfigurationException(
                    "No AWS region is configured for S3: set AWS_REGION (for example AWS_REGION=eu-west-1)", e);
        }
    }
}

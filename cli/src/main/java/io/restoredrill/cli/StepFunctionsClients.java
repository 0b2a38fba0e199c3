package io.restoredrill.cli;

import io.restoredrill.core.domain.InvalidConfigurationException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.time.Duration;

/**
 * Builds the Step Functions client for {@code restore-drill start}: URLConnection HTTP client, region and credentials
 * from the standard chain, endpoint from AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_SFN when set (the SDK reads those).
 */
final class StepFunctionsClients {

    private StepFunctionsClients() {
    }

    /**
     * @throws InvalidConfigurationException when the standard chain yields no region
     */
    static SfnClient fromEnvironment() {
        try {
            return SfnClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(5))
                            .socketTimeout(Duration.ofSeconds(30)))
                    .build();
        } catch (SdkClientException e) {
            // Without a region the builder fails here, before any call: that is the user's configuration.
            throw new InvalidConfigurationException("cannot set up the Step Functions client: " + e.getMessage()
                    + " (set AWS_REGION, or a region in your AWS profile)", e);
        }
    }
}

package io.restoredrill.cli.preflight.aws;

import io.restoredrill.cli.preflight.Preflight;
import io.restoredrill.core.adapter.rds.RdsAccountQuotas;
import io.restoredrill.core.domain.InvalidConfigurationException;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the preflight's clients once: URLConnection HTTP client, region and credentials from the standard chain,
 * endpoints from AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_&lt;SERVICE&gt; (the SDK reads those), so an emulator works as for
 * the other verbs. {@code customizer} lets a test adjust each builder (e.g. capture requests); the command passes
 * the identity.
 */
public final class PreflightWiring implements AutoCloseable {

    private final List<SdkClient> clients = new ArrayList<>();
    private final Preflight.Ports ports;

    private PreflightWiring(Customizer customizer, LambdaFunctionPackages.Download download) {
        try {
            CloudFormationClient cloudFormation = build(customizer, CloudFormationClient.builder());
            LambdaClient lambda = build(customizer, LambdaClient.builder());
            EventBridgeClient events = build(customizer, EventBridgeClient.builder());
            RdsClient rds = build(customizer, RdsClient.builder());
            S3Client s3 = build(customizer, S3Client.builder().forcePathStyle(endpointOverridden()));
            ports = new Preflight.Ports(
                    new CloudFormationStacks(cloudFormation, lambda, events, s3),
                    new RdsSnapshotListing(rds),
                    new KmsKeyDescriptions(build(customizer, KmsClient.builder())),
                    new RdsSubnetGroups(rds),
                    new Ec2SecurityGroups(build(customizer, Ec2Client.builder())),
                    new IamPermissionSimulator(build(customizer, IamClient.builder())),
                    new LambdaFunctionPackages(lambda, download),
                    new S3Buckets(s3),
                    new SnsTopicSubscriptions(build(customizer, SnsClient.builder())),
                    new RdsAccountQuotas(rds));
        } catch (SdkClientException e) {
            close();
            // Without a region the builders fail here, before any call: that is the user's configuration.
            throw new InvalidConfigurationException("cannot set up the AWS clients: " + e.getMessage()
                    + " (set AWS_REGION, or a region in your AWS profile)", e);
        }
    }

    /** Adjusts each client builder before it is built. */
    @FunctionalInterface
    public interface Customizer {
        <B extends AwsClientBuilder<B, ?>> B apply(B builder);

        static Customizer none() {
            return new Customizer() {
                @Override
                public <B extends AwsClientBuilder<B, ?>> B apply(B builder) {
                    return builder;
                }
            };
        }
    }

    public static PreflightWiring fromEnvironment() {
        return new PreflightWiring(Customizer.none(), LambdaFunctionPackages.Download.https());
    }

    public static PreflightWiring with(Customizer customizer, LambdaFunctionPackages.Download download) {
        return new PreflightWiring(customizer, download);
    }

    /** Emulators and S3-compatible stores serve no bucket.host names: path style whenever an endpoint is set. */
    private static boolean endpointOverridden() {
        return System.getenv("AWS_ENDPOINT_URL_S3") != null || System.getenv("AWS_ENDPOINT_URL") != null;
    }

    public Preflight.Ports ports() {
        return ports;
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C build(
            Customizer customizer, B builder) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30)));
        C client = customizer.apply(builder).build();
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(SdkClient::close);
    }
}

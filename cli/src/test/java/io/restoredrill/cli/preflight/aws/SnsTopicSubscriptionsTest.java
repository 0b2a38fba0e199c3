package io.restoredrill.cli.preflight.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.restoredrill.cli.preflight.TopicSubscriptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

import java.net.URI;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ListSubscriptionsByTopic against WireMock answering the documented XML: moto 5.2.1 confirms every subscription at
 * once, so an unconfirmed one ("PendingConfirmation" as its SubscriptionArn) can only be produced this way.
 * https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html,
 * https://docs.aws.amazon.com/sns/latest/api/API_Subscription.html
 */
class SnsTopicSubscriptionsTest {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:restore-drill-alarms";

    private WireMockServer wireMock;
    private SnsClient sns;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wireMock.start();
        sns = SnsClient.builder().endpointOverride(URI.create(wireMock.baseUrl())).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        sns.close();
        wireMock.stop();
    }

    @Test
    void aPendingSubscriptionIsNotConfirmedAndEveryPageIsRead() {
        wireMock.stubFor(post(anyUrl()).withRequestBody(notContaining("NextToken")).willReturn(aResponse().withStatus(200)
                .withBody(page("PendingConfirmation", "email", "<NextToken>token-2</NextToken>"))));
        wireMock.stubFor(post(anyUrl()).withRequestBody(containing("NextToken=token-2")).willReturn(aResponse()
                .withStatus(200).withBody(page(TOPIC + ":0f1e2d3c-aaaa-bbbb-cccc-111122223333", "https", ""))));

        TopicSubscriptions.Count count = new SnsTopicSubscriptions(sns).count(TOPIC);

        assertThat(count).isEqualTo(new TopicSubscriptions.Count(1, 1));
        wireMock.verify(2, postRequestedFor(anyUrl()).withRequestBody(containing("Action=ListSubscriptionsByTopic"))
                .withRequestBody(containing("TopicArn=" + java.net.URLEncoder.encode(TOPIC, java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void onlyPendingSubscriptionsCountAsNoneConfirmed() {
        wireMock.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withBody(page("PendingConfirmation", "email", ""))));

        assertThat(new SnsTopicSubscriptions(sns).count(TOPIC)).isEqualTo(new TopicSubscriptions.Count(0, 1));
    }

    private static String page(String subscriptionArn, String protocol, String nextToken) {
        return """
                <ListSubscriptionsByTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                  <ListSubscriptionsByTopicResult>
                    <Subscriptions>
                      <member>
                        <TopicArn>%s</TopicArn>
                        <Protocol>%s</Protocol>
                        <SubscriptionArn>%s</SubscriptionArn>
                        <Owner>123456789012</Owner>
                        <Endpoint>oncall@example.com</Endpoint>
                      </member>
                    </Subscriptions>
                    %s
                  </ListSubscriptionsByTopicResult>
                  <ResponseMetadata><RequestId>b9275252-3774-11df-9540-99d0768312d3</RequestId></ResponseMetadata>
                </ListSubscriptionsByTopicResponse>
                """.formatted(TOPIC, protocol, subscriptionArn, nextToken);
    }
}

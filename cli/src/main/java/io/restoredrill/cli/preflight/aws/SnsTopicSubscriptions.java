package io.restoredrill.cli.preflight.aws;

import io.restoredrill.cli.preflight.TopicSubscriptions;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

import java.util.List;
import java.util.Objects;

/**
 * ListSubscriptionsByTopic (https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html): up to 100
 * per call, NextToken for the rest. A subscription whose endpoint has not confirmed yet has the SubscriptionArn
 * "PendingConfirmation" instead of an ARN (https://docs.aws.amazon.com/sns/latest/api/API_Subscription.html), and
 * receives nothing.
 */
public final class SnsTopicSubscriptions implements TopicSubscriptions {

    static final String PENDING = "PendingConfirmation";

    private final SnsClient sns;

    public SnsTopicSubscriptions(SnsClient sns) {
        this.sns = Objects.requireNonNull(sns, "sns");
    }

    @Override
    public Count count(String topicArn) {
        List<Subscription> subscriptions = sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn))
                .subscriptions().stream().toList();
        int pending = (int) subscriptions.stream().filter(s -> PENDING.equals(s.subscriptionArn())).count();
        int confirmed = (int) subscriptions.stream()
                .filter(s -> s.subscriptionArn() != null && s.subscriptionArn().startsWith("arn:")).count();
        return new Count(confirmed, pending);
    }
}

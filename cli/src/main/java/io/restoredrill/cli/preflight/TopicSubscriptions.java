package io.restoredrill.cli.preflight;

/** The subscriptions of an SNS topic. */
public interface TopicSubscriptions {

    Count count(String topicArn);

    /** @param pending subscriptions still waiting for their endpoint to confirm */
    record Count(int confirmed, int pending) {
    }
}

package io.restoredrill.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** cdk-nag's AwsSolutions pack (applied as the app applies it): nothing unsuppressed. */
class CdkNagTest {

    @Test
    void noUnsuppressedAwsSolutionsError() {
        List<SynthesisMessage> errors = SynthesizedStack.get().annotations.findError("*", Match.stringLikeRegexp(".*"));
        assertThat(errors).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }

    @Test
    void noUnsuppressedAwsSolutionsWarning() {
        List<SynthesisMessage> warnings = SynthesizedStack.get().annotations.findWarning("*", Match.stringLikeRegexp(".*"));
        assertThat(warnings).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }

    @Test
    void theChecksRanAndEverySuppressionGivesAReason() {
        // Suppressions are recorded in each resource's cdk_nag metadata; if none is there, nag did not run.
        String template = SynthesizedStack.get().template.toJSON().toString();
        assertThat(template).contains("AwsSolutions-IAM5").contains("AwsSolutions-L1");
        var metadata = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(SynthesizedStack.get().template.toJSON())
                .get("Resources");
        metadata.forEach(resource -> resource.at("/Metadata/cdk_nag/rules_to_suppress").forEach(rule ->
                assertThat(rule.get("reason").asText()).as(rule.toString()).hasSizeGreaterThan(40)));
    }
}

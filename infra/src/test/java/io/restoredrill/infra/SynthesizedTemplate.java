package io.restoredrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The synthesized template of {@link SynthesizedStack}, as JSON, for the IAM evaluation in
 * {@code io.restoredrill.infra.iam} (SynthesizedStack itself stays package-private).
 */
public final class SynthesizedTemplate {

    public static final String ACCOUNT = SynthesizedStack.ACCOUNT;
    public static final String REGION = SynthesizedStack.REGION;
    public static final String STACK_NAME = "RestoreDrillTest";

    private SynthesizedTemplate() {
    }

    public static JsonNode json() {
        return new ObjectMapper().valueToTree(SynthesizedStack.get().template.toJSON());
    }
}

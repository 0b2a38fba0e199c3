package io.restoredrill.core.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionCallsTest {

    @Test
    void everyFunctionOfTheAwsPathHasItsCallsInTheManifest() {
        List<FunctionCall> calls = FunctionCalls.load();

        assertThat(calls).extracting(FunctionCall::function).containsAll(FunctionCall.FUNCTIONS);
        assertThat(FunctionCalls.of("cleanup")).extracting(FunctionCall::action).contains("rds:DeleteDBInstance");
    }

    @Test
    void findsAFunctionByItsLambdaHandlerSettingOrItsHandlerClass() {
        assertThat(DrillFunction.ofHandler("io.restoredrill.lambda.restore.StatusHandler::handleRequest"))
                .contains(DrillFunction.STATUS);
        assertThat(DrillFunction.ofHandler("io.restoredrill.lambda.cleanup.ReaperHandler")).contains(DrillFunction.REAPER);
        assertThat(DrillFunction.ofHandler("index.handler")).isEmpty();
        assertThat(DrillFunction.VALIDATE.handler())
                .isEqualTo("io.restoredrill.lambda.validate.ValidateHandler::handleRequest");
    }

    @Test
    void resolvesThePlaceholdersOfAResource() {
        FunctionCall call = new FunctionCall("validate", "s3:GetObject",
                List.of("arn:${Partition}:s3:::${ReportsBucket}/reports/x"), java.util.Map.of(), java.util.Map.of(), "why");

        assertThat(call.resolve("aws", "eu-west-1", "123456789012", "bucket-1"))
                .containsExactly("arn:aws:s3:::bucket-1/reports/x");
    }

    @Test
    void theDrillListsPlaceholdersNeedTheFullSetOfValues() {
        FunctionCall call = FunctionCalls.of("plan").stream().filter(FunctionCall::namesTheDrillList).findFirst()
                .orElseThrow();

        assertThat(call.resolve(new Placeholders("aws", "eu-west-1", "123456789012", "reports", "cdk-assets",
                "drills-abc.json"))).containsExactly("arn:aws:s3:::cdk-assets/drills-abc.json");
        assertThatThrownBy(() -> call.resolve("aws", "eu-west-1", "123456789012", "reports"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("resolve(Placeholders)");
    }

    @Test
    void rejectsAnEntryNamingAnUnknownFunction() throws Exception {
        var root = new ObjectMapper().readTree("""
                {"calls": [{"function": "restorer", "action": "rds:DescribeDBInstances", "resources": ["*"], "why": "x"}]}
                """);

        assertThatThrownBy(() -> FunctionCalls.parse(root))
                .hasMessageContaining("calls[0]").hasMessageContaining("unknown function \"restorer\"");
    }

    @Test
    void rejectsAnEntryWithoutResources() throws Exception {
        var root = new ObjectMapper().readTree("""
                {"calls": [{"function": "restore", "action": "rds:DescribeDBInstances", "resources": [], "why": "x"}]}
                """);

        assertThatThrownBy(() -> FunctionCalls.parse(root)).hasMessageContaining("names no resource");
    }
}

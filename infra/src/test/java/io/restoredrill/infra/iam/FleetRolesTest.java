package io.restoredrill.infra.iam;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The night's two functions, each denied what the other (or nobody) does with the night's documents: the matrix
 * tests hold each role to its own actions, these to its own objects.
 */
class FleetRolesTest {

    static Stream<Arguments> forbidden() {
        SynthesizedRoles roles = SynthesizedRoles.get();
        String reports = "arn:aws:s3:::" + roles.reportsBucket + "/";
        String list = "arn:aws:s3:::" + roles.drillListBucket + "/" + roles.drillListKey;
        return Stream.of(
                Arguments.of("plan", "write a report", AuthorizationRequest.of("s3:PutObject",
                        reports + "reports/orders/latest.json")),
                Arguments.of("plan", "write drills.json outside runs/", AuthorizationRequest.of("s3:PutObject",
                        reports + "drills.json")),
                Arguments.of("plan", "write the night's summary", AuthorizationRequest.of("s3:PutObject",
                        reports + "runs/nightly-2026-11-26/summary.json")),
                Arguments.of("plan", "write a Map Run's results", AuthorizationRequest.of("s3:PutObject",
                        reports + "runs/nightly-2026-11-26/results/x/SUCCEEDED_0.json")),
                Arguments.of("plan", "overwrite the deployed drill list", AuthorizationRequest.of("s3:PutObject", list)),
                Arguments.of("plan", "read another object of the assets bucket", AuthorizationRequest.of("s3:GetObject",
                        "arn:aws:s3:::" + roles.drillListBucket + "/0123456789abcdef.zip")),
                Arguments.of("plan", "delete the night's items", AuthorizationRequest.of("s3:DeleteObject",
                        reports + "runs/nightly-2026-11-26/drills.json")),
                Arguments.of("summarize", "read the deployed drill list", AuthorizationRequest.of("s3:GetObject", list)),
                Arguments.of("summarize", "overwrite the night's items", AuthorizationRequest.of("s3:PutObject",
                        reports + "runs/nightly-2026-11-26/drills.json")),
                Arguments.of("summarize", "write a Map Run's results", AuthorizationRequest.of("s3:PutObject",
                        reports + "runs/nightly-2026-11-26/results/x/SUCCEEDED_0.json")),
                Arguments.of("summarize", "write a report", AuthorizationRequest.of("s3:PutObject",
                        reports + "reports/orders/latest.json")),
                Arguments.of("summarize", "read a report", AuthorizationRequest.of("s3:GetObject",
                        reports + "reports/orders/latest.json")),
                Arguments.of("summarize", "delete a result", AuthorizationRequest.of("s3:DeleteObject",
                        reports + "runs/nightly-2026-11-26/results/x/SUCCEEDED_0.json")));
    }

    @ParameterizedTest(name = "{0} may not {1}")
    @MethodSource("forbidden")
    void theNightsFunctionsTouchOnlyTheirOwnDocuments(String function, String what, AuthorizationRequest request) {
        PolicyEvaluator.Result result = SynthesizedRoles.get().evaluate(function, request);

        assertThat(result.allowed()).as("%s may not %s: %s", function, what, result).isFalse();
    }
}

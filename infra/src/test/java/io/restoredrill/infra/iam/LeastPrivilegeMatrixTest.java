package io.restoredrill.infra.iam;

import io.restoredrill.core.aws.FunctionCalls;
import io.restoredrill.core.aws.FunctionCall;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege, evaluated: a function's role grants the calls its code makes (the manifest) and nothing more.
 * CONTRACT.md: "infra grants exactly these, nothing else"; issue 8 item 10: remove grants that no code uses.
 */
class LeastPrivilegeMatrixTest {

    /**
     * What the Lambda service does with a function's role, not the function's code: attach to the VPC and write
     * the function's logs (and traces). AWS Lambda Developer Guide, "Lambda execution role" and "Attaching Lambda
     * functions to an Amazon VPC": https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html,
     * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
     */
    private static final Pattern LAMBDA_SERVICE = Pattern.compile("(?i)ec2:(Create|Delete|Describe)NetworkInterfaces?"
            + "|ec2:DescribeSubnets|ec2:(Assign|Unassign)PrivateIpAddresses|logs:(CreateLogGroup|CreateLogStream|PutLogEvents)"
            + "|xray:(PutTraceSegments|PutTelemetryRecords)");

    static Stream<Arguments> functions() {
        return FunctionCall.FUNCTIONS.stream().map(Arguments::of);
    }

    /** Every action a function's role grants (wildcards expanded with AWS's data) is one its code calls. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void aFunctionsRoleGrantsOnlyActionsItsCodeCalls(String function) {
        ServiceAuthorizationReference reference = ServiceAuthorizationReference.installed();
        Set<String> called = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        FunctionCalls.of(function).forEach(c -> called.add(c.action()));
        Set<String> unused = new TreeSet<>();
        for (Statement statement : SynthesizedRoles.get().statements(function)) {
            if (!statement.allow()) {
                continue;
            }
            for (String pattern : statement.actions()) {
                for (ServiceAuthorizationReference.Action action : reference.actionsMatching(pattern)) {
                    String name = action.qualified();
                    if (!called.contains(name) && !LAMBDA_SERVICE.matcher(name).matches()) {
                        unused.add(name + " (" + statement.where() + ")");
                    }
                }
            }
        }
        assertThat(unused).as("%s's role grants actions no call of function-calls.json makes", function).isEmpty();
    }

    static Stream<Arguments> otherFunctionsCalls() {
        List<Arguments> arguments = new ArrayList<>();
        List<FunctionCall> calls = FunctionCalls.load();
        for (String function : FunctionCall.FUNCTIONS) {
            Set<String> own = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            calls.stream().filter(c -> c.function().equals(function)).forEach(c -> own.add(c.action()));
            for (int i = 0; i < calls.size(); i++) {
                FunctionCall call = calls.get(i);
                if (!call.function().equals(function) && !own.contains(call.action())) {
                    arguments.add(Arguments.of(function, "calls[" + i + "] " + call.function() + " "
                            + call.action().toLowerCase(Locale.ROOT).replace(':', ' '), call));
                }
            }
        }
        return arguments.stream();
    }

    /** Another function's call of an action this function never makes is denied to this function's role. */
    @ParameterizedTest(name = "{0} may not make {1}")
    @MethodSource("otherFunctionsCalls")
    void aFunctionMayNotMakeAnotherFunctionsCalls(String function, String name, FunctionCall call) {
        SynthesizedRoles roles = SynthesizedRoles.get();
        for (AuthorizationRequest request : ManifestRequests.of(call, SynthesizedRoles.PARTITION, SynthesizedRoles.REGION,
                SynthesizedRoles.ACCOUNT, roles.reportsBucket)) {
            PolicyEvaluator.Result result = roles.evaluate(function, request);
            assertThat(result.allowed()).as("%s may not make %s: %s", function, name, result).isFalse();
        }
    }
}

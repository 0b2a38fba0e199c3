package io.restoredrill.infra.iam;

import io.restoredrill.core.aws.FunctionCalls;
import io.restoredrill.core.aws.FunctionCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allowed matrix: every call of the manifest (core's function-calls.json, which the emulator tests hold the
 * code to) is allowed by the synthesized policies of its function's role, for each resource it names.
 */
class FunctionCallsAllowedTest {

    static Stream<Arguments> calls() {
        List<FunctionCall> calls = FunctionCalls.load();
        List<Arguments> arguments = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            FunctionCall call = calls.get(i);
            arguments.add(Arguments.of("calls[" + i + "] " + call.function() + " " + call.action(), call));
        }
        return arguments.stream();
    }

    private static List<AuthorizationRequest> requests(FunctionCall call) {
        SynthesizedRoles roles = SynthesizedRoles.get();
        return ManifestRequests.of(call, SynthesizedRoles.PARTITION, SynthesizedRoles.REGION, SynthesizedRoles.ACCOUNT,
                roles.reportsBucket);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void everyCallOfTheManifestIsAllowedForItsFunctionsRole(String name, FunctionCall call) {
        SynthesizedRoles roles = SynthesizedRoles.get();
        for (AuthorizationRequest request : requests(call)) {
            PolicyEvaluator.Result result = roles.evaluate(call.function(), request);
            assertThat(result.allowed()).as("%s (%s): %s", name, call.why(), result).isTrue();
        }
    }

    /** A request that leaves out a resource type the action always names would be evaluated too kindly. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void everyCallNamesEachResourceTypeItsActionRequires(String name, FunctionCall call) {
        ServiceAuthorizationReference reference = ServiceAuthorizationReference.installed();
        ServiceAuthorizationReference.Action action = reference.action(call.action());
        Set<String> named = new TreeSet<>();
        for (AuthorizationRequest request : requests(call)) {
            reference.resourceTypeOf(action, request.resource()).ifPresent(t -> named.add(t.name()));
        }
        Set<String> required = new TreeSet<>();
        action.resourceTypes().stream().filter(ServiceAuthorizationReference.ResourceTypeUse::required)
                .forEach(t -> required.add(t.name()));
        assertThat(named).as("%s: resource types named vs required by the Service Authorization Reference", name)
                .containsAll(required);
    }

    @Test
    void theManifestCoversEveryFunctionOfTheStack() {
        assertThat(SynthesizedRoles.get().policies.roleOfFunction().keySet())
                .containsExactlyInAnyOrderElementsOf(FunctionCall.FUNCTIONS);
        assertThat(FunctionCalls.load()).extracting(FunctionCall::function).containsAll(FunctionCall.FUNCTIONS);
    }
}

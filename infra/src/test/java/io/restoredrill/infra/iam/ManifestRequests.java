package io.restoredrill.infra.iam;

import io.restoredrill.core.aws.FunctionCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The authorization requests of one entry of the call manifest (core's function-calls.json): one per resource it
 * names, each with the entry's context; the entry's resourceTags belong to its first resource, the call's target.
 * For RDS, request tags are also given under RDS's alias rds:req-tag/key and resource tags under
 * rds:&lt;type&gt;-tag/key, as RDS sets both (Service Authorization Reference, Amazon RDS condition keys).
 */
final class ManifestRequests {

    private ManifestRequests() {
    }

    static List<AuthorizationRequest> of(FunctionCall call, String partition, String region, String account,
                                         String reportsBucket) {
        call = withDrillList(call, SynthesizedRoles.get().drillListBucket, SynthesizedRoles.get().drillListKey);
        List<String> resources = call.resolve(partition, region, account, reportsBucket);
        Map<String, List<String>> context = call.resolveContext(partition, region, account, reportsBucket);
        Map<String, String> tags = call.resolveResourceTags(partition, region, account, reportsBucket);
        List<AuthorizationRequest> requests = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            AuthorizationRequest request = new AuthorizationRequest(call.action(), resources.get(i), context);
            if (request.service().equals("rds")) {
                for (Map.Entry<String, List<String>> entry : context.entrySet()) {
                    String key = entry.getKey();
                    if (key.regionMatches(true, 0, "aws:RequestTag/", 0, "aws:RequestTag/".length())) {
                        String alias = "rds:req-tag/" + key.substring("aws:RequestTag/".length());
                        if (request.values(alias) == null) {
                            request = request.with(alias, entry.getValue().toArray(String[]::new));
                        }
                    }
                }
            }
            if (i == 0) {
                request = request.withResourceTags(tags);
            }
            requests.add(request);
        }
        return requests;
    }

    /**
     * The entry with ${DrillListBucket} and ${DrillListKey} (the deployed drill list, the plan's read) filled in
     * from the synthesized stack, so the four-placeholder resolution above serves it too.
     */
    static FunctionCall withDrillList(FunctionCall call, String bucket, String key) {
        java.util.function.UnaryOperator<String> fill = text -> text.replace("${DrillListBucket}", bucket)
                .replace("${DrillListKey}", key);
        Map<String, List<String>> context = new java.util.LinkedHashMap<>();
        call.context().forEach((name, values) -> context.put(name, values.stream().map(fill).toList()));
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        call.resourceTags().forEach((name, value) -> tags.put(name, fill.apply(value)));
        return new FunctionCall(call.function(), call.action(), call.resources().stream().map(fill).toList(), context,
                tags, call.why());
    }
}

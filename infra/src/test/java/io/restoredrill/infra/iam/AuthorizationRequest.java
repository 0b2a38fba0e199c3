package io.restoredrill.infra.iam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One authorization question IAM answers: may this action be done to this one resource, with this request
 * context? A call naming several resources (a restore names the new instance, the snapshot and the groups) is
 * several questions, all of which must be allowed.
 *
 * @param action   service:Action
 * @param resource an ARN, or {@code *} for an action without a resource type
 * @param context  condition keys and their values; keys are case-insensitive, so they are kept lower-cased
 */
record AuthorizationRequest(String action, String resource, Map<String, List<String>> context) {

    AuthorizationRequest {
        Map<String, List<String>> normalized = new LinkedHashMap<>();
        context.forEach((k, v) -> normalized.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v), (a, b) -> {
            throw new IllegalArgumentException("context key " + k + " given twice (keys are case-insensitive)");
        }));
        context = Map.copyOf(normalized);
    }

    static AuthorizationRequest of(String action, String resource) {
        return new AuthorizationRequest(action, resource, Map.of());
    }

    /** This request with one more context key. */
    AuthorizationRequest with(String key, String... values) {
        Map<String, List<String>> more = new LinkedHashMap<>(context);
        more.put(key.toLowerCase(Locale.ROOT), List.of(values));
        return new AuthorizationRequest(action, resource, more);
    }

    /**
     * This request against a resource that carries these tags: aws:ResourceTag/key, and the service's own alias
     * that the Service Authorization Reference lists for the resource type (rds:db-tag/key for an RDS db,
     * rds:snapshot-tag/key for a snapshot, secretsmanager:ResourceTag/key for a secret), which the service sets
     * alongside the global key.
     */
    AuthorizationRequest withResourceTags(Map<String, String> tags) {
        AuthorizationRequest request = this;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            request = request.with("aws:ResourceTag/" + tag.getKey(), tag.getValue());
            String alias = resourceTagAlias(tag.getKey());
            if (alias != null) {
                request = request.with(alias, tag.getValue());
            }
        }
        return request;
    }

    /**
     * This request carrying these tags in the request: aws:RequestTag/key for each, aws:TagKeys with all keys,
     * and for RDS its alias rds:req-tag/key.
     */
    AuthorizationRequest withRequestTags(Map<String, String> tags) {
        AuthorizationRequest request = this.with("aws:TagKeys", tags.keySet().toArray(String[]::new));
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            request = request.with("aws:RequestTag/" + tag.getKey(), tag.getValue());
            if (service().equals("rds")) {
                request = request.with("rds:req-tag/" + tag.getKey(), tag.getValue());
            }
        }
        return request;
    }

    String service() {
        return action.substring(0, action.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    List<String> values(String key) {
        return context.get(key.toLowerCase(Locale.ROOT));
    }

    private String resourceTagAlias(String tagKey) {
        if (service().equals("secretsmanager")) {
            return "secretsmanager:ResourceTag/" + tagKey;
        }
        if (service().equals("rds") && resource.startsWith("arn:")) {
            String[] parts = resource.split(":", 7);
            if (parts.length >= 7) {
                return "rds:" + parts[5] + "-tag/" + tagKey;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return action + " on " + resource + (context.isEmpty() ? "" : " with " + context);
    }
}

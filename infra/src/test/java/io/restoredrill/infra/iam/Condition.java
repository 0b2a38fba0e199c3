package io.restoredrill.infra.iam;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * One operator and key of a Condition block, with its values, e.g. {@code ForAnyValue:StringEquals} on
 * {@code aws:CalledVia} with {@code ["rds.amazonaws.com"]}.
 *
 * <p>Semantics, from the IAM User Guide:
 * <ul>
 *   <li>Several values for one key: the condition holds when the request's value matches any of them (OR).
 *       Several keys, or several operators, in one block: all must hold (AND).
 *       https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html</li>
 *   <li>Keys are case-insensitive; values are case-sensitive for the String and Arn operators (except
 *       StringEqualsIgnoreCase). A key absent from the request makes a condition false, except for the negated
 *       operators (StringNotEquals, StringNotLike, ArnNotEquals, ArnNotLike), which are then true; {@code ...IfExists}
 *       makes any operator true when the key is absent; {@code Null} tests presence itself.
 *       https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html</li>
 *   <li>{@code ForAllValues:} holds when every value of the request's (multivalued) key matches; it also holds when
 *       the key is absent or empty. {@code ForAnyValue:} holds when at least one value matches, and is false when
 *       the key is absent. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html</li>
 * </ul>
 * Other operators (Numeric, Date, IpAddress, Binary) are refused: the stack does not use them, and a refusal is
 * better than a guess.
 */
record Condition(String where, String operator, Qualifier qualifier, Base base, boolean ifExists, String key,
                 List<String> values) {

    enum Qualifier { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    enum Base {
        STRING_EQUALS(false, (c, v) -> v.equals(c)),
        STRING_NOT_EQUALS(true, (c, v) -> v.equals(c)),
        STRING_EQUALS_IGNORE_CASE(false, (c, v) -> v.equalsIgnoreCase(c)),
        STRING_NOT_EQUALS_IGNORE_CASE(true, (c, v) -> v.equalsIgnoreCase(c)),
        STRING_LIKE(false, (c, v) -> Wildcards.matches(c, v, false)),
        STRING_NOT_LIKE(true, (c, v) -> Wildcards.matches(c, v, false)),
        ARN_EQUALS(false, Wildcards::arnMatches),
        ARN_LIKE(false, Wildcards::arnMatches),
        ARN_NOT_EQUALS(true, Wildcards::arnMatches),
        ARN_NOT_LIKE(true, Wildcards::arnMatches),
        BOOL(false, (c, v) -> v.equalsIgnoreCase(c)),
        NULL(false, (c, v) -> false);

        /** A negated operator: true when the value matches none of the condition's values. */
        final boolean negated;
        /** (condition value, request value) -> the positive form matches. */
        final BiPredicate<String, String> positive;

        Base(boolean negated, BiPredicate<String, String> positive) {
            this.negated = negated;
            this.positive = positive;
        }

        static Base named(String name) {
            return switch (name) {
                case "StringEquals" -> STRING_EQUALS;
                case "StringNotEquals" -> STRING_NOT_EQUALS;
                case "StringEqualsIgnoreCase" -> STRING_EQUALS_IGNORE_CASE;
                case "StringNotEqualsIgnoreCase" -> STRING_NOT_EQUALS_IGNORE_CASE;
                case "StringLike" -> STRING_LIKE;
                case "StringNotLike" -> STRING_NOT_LIKE;
                case "ArnEquals" -> ARN_EQUALS;
                case "ArnLike" -> ARN_LIKE;
                case "ArnNotEquals" -> ARN_NOT_EQUALS;
                case "ArnNotLike" -> ARN_NOT_LIKE;
                case "Bool" -> BOOL;
                case "Null" -> NULL;
                default -> null;
            };
        }
    }

    static Condition of(String where, String operator, String key, List<String> values) {
        String rest = operator;
        Qualifier qualifier = Qualifier.NONE;
        if (rest.startsWith("ForAllValues:")) {
            qualifier = Qualifier.FOR_ALL_VALUES;
            rest = rest.substring("ForAllValues:".length());
        } else if (rest.startsWith("ForAnyValue:")) {
            qualifier = Qualifier.FOR_ANY_VALUE;
            rest = rest.substring("ForAnyValue:".length());
        }
        boolean ifExists = rest.endsWith("IfExists");
        if (ifExists) {
            rest = rest.substring(0, rest.length() - "IfExists".length());
        }
        Base base = Base.named(rest);
        if (base == null) {
            throw new IllegalArgumentException(where + ": condition operator " + operator + " is not supported by this"
                    + " evaluator (it handles String*, Arn*, Bool and Null, with IfExists and ForAllValues:/ForAnyValue:)");
        }
        if (base == Base.NULL && (ifExists || qualifier != Qualifier.NONE)) {
            throw new IllegalArgumentException(where + ": " + operator + " is not a valid operator");
        }
        if (base == Base.NULL && values.stream().anyMatch(v -> !v.equals("true") && !v.equals("false"))) {
            throw new IllegalArgumentException(where + ": Null takes \"true\" or \"false\", not " + values);
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(where + ": " + operator + " on " + key + " has no value");
        }
        return new Condition(where, operator, qualifier, base, ifExists, key, List.copyOf(values));
    }

    /** Whether the condition holds for the request's values of the key (null or empty when absent). */
    boolean holds(List<String> requestValues) {
        boolean present = requestValues != null && !requestValues.isEmpty();
        if (base == Base.NULL) {
            // "true": the key must be absent; "false": present. Either value of several matching suffices (OR).
            return values.stream().anyMatch(v -> v.equals("true") != present);
        }
        if (!present && ifExists) {
            return true;
        }
        return switch (qualifier) {
            case FOR_ALL_VALUES -> !present || requestValues.stream().allMatch(this::valueMatches);
            case FOR_ANY_VALUE -> present && requestValues.stream().anyMatch(this::valueMatches);
            case NONE -> {
                if (!present) {
                    yield base.negated;
                }
                if (requestValues.size() > 1) {
                    throw new IllegalArgumentException(where + ": " + operator + " on " + key + ", which the request"
                            + " carries with several values " + requestValues + ": a multivalued key needs"
                            + " ForAllValues: or ForAnyValue:");
                }
                yield valueMatches(requestValues.get(0));
            }
        };
    }

    /** One request value against the condition's values: any of them (positive), none of them (negated). */
    private boolean valueMatches(String value) {
        boolean any = values.stream().anyMatch(c -> base.positive.test(c, value));
        return base.negated != any;
    }
}

package io.restoredrill.infra.iam;

import java.util.regex.Pattern;

/** IAM's two wildcards: {@code *} (any run of characters, also none) and {@code ?} (exactly one character). */
final class Wildcards {

    private Wildcards() {
    }

    static Pattern glob(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
    }

    static boolean matches(String pattern, String value, boolean ignoreCase) {
        return glob(pattern, ignoreCase).matcher(value).matches();
    }

    /**
     * ARN matching as IAM does it for the Resource element and the Arn operators: each of the six colon-separated
     * parts is matched on its own (the last part, the resource, keeps any further colons), case-sensitively.
     * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
     */
    static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] wanted = pattern.split(":", 6);
        String[] actual = arn.split(":", 6);
        if (wanted.length != 6 || actual.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!matches(wanted[i], actual[i], false)) {
                return false;
            }
        }
        return true;
    }
}

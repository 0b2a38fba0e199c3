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

    /**
     * Whether some string matches both patterns, each made of literals, {@code *} and {@code ?}: reachability in
     * the product of the two patterns' automata, where a step either ends a {@code *} or consumes one character
     * both sides accept.
     */
    static boolean overlap(String a, String b) {
        boolean[][] seen = new boolean[a.length() + 1][b.length() + 1];
        java.util.ArrayDeque<int[]> todo = new java.util.ArrayDeque<>();
        todo.add(new int[] {0, 0});
        while (!todo.isEmpty()) {
            int[] at = todo.pop();
            int i = at[0];
            int j = at[1];
            if (seen[i][j]) {
                continue;
            }
            seen[i][j] = true;
            if (i == a.length() && j == b.length()) {
                return true;
            }
            boolean aStar = i < a.length() && a.charAt(i) == '*';
            boolean bStar = j < b.length() && b.charAt(j) == '*';
            if (aStar) {
                todo.add(new int[] {i + 1, j});
            }
            if (bStar) {
                todo.add(new int[] {i, j + 1});
            }
            if (i == a.length() || j == b.length() || (aStar && bStar)) {
                continue;
            }
            char x = a.charAt(i);
            char y = b.charAt(j);
            boolean literals = x != '*' && x != '?' && y != '*' && y != '?';
            if (!literals || x == y) {
                todo.add(new int[] {aStar ? i : i + 1, bStar ? j : j + 1});
            }
        }
        return false;
    }

    /**
     * Whether a Resource pattern of a policy can name an ARN of a resource type's format (its ${...} variables
     * taken as wildcards), part by part as IAM matches ARNs.
     */
    static boolean arnOverlap(String pattern, String format) {
        String[] wanted = pattern.split(":", 6);
        String[] type = format.replaceAll("\\$\\{[^}]*}", "*").split(":", 6);
        if (wanted.length != 6 || type.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!overlap(wanted[i], type[i])) {
                return false;
            }
        }
        return true;
    }
}

package io.restoredrill.core.adapter.s3;

/**
 * A key prefix as every store here writes and reads it: {@code reports}, {@code /reports/} and {@code reports/}
 * all mean the folder {@code reports/}, and an empty (or blank, or all-slash) prefix the bucket's root.
 */
final class S3Prefix {

    private S3Prefix() {
    }

    /** The folder the prefix names: {@code "reports/"}, or {@code ""} for the bucket's root. */
    static String folder(String prefix) {
        String p = prefix.strip();
        int start = 0;
        int end = p.length();
        while (start < end && p.charAt(start) == '/') {
            start++;
        }
        while (end > start && p.charAt(end - 1) == '/') {
            end--;
        }
        return start == end ? "" : p.substring(start, end) + "/";
    }
}

package io.restoredrill.core.fleet;

import java.util.List;

/**
 * The Fail state's cause as JSON text, written here rather than by a JSON library: the use case depends on the
 * domain and the ports only, and the cause holds nothing but strings, lists of strings and counts.
 */
final class CauseJson {

    private CauseJson() {
    }

    static String of(List<String> failedDrills, int failedNotListed, List<String> orphanedInstances,
                     int orphansNotListed, String summary) {
        StringBuilder json = new StringBuilder("{\"failedDrills\":");
        array(json, failedDrills);
        if (failedNotListed > 0) {
            json.append(",\"failedDrillsNotListed\":").append(failedNotListed);
        }
        json.append(",\"orphanedInstances\":");
        array(json, orphanedInstances);
        if (orphansNotListed > 0) {
            json.append(",\"orphanedInstancesNotListed\":").append(orphansNotListed);
        }
        json.append(",\"summary\":");
        string(json, summary);
        return json.append('}').toString();
    }

    /** The length {@code text} takes as a JSON string, quotes included. */
    static int length(String text) {
        return string(new StringBuilder(), text).length();
    }

    private static void array(StringBuilder json, List<String> values) {
        json.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            string(json, values.get(i));
        }
        json.append(']');
    }

    private static StringBuilder string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}

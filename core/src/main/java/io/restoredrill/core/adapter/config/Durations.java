package io.restoredrill.core.adapter.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as people write them in options and config files: {@code 26h}, {@code 90m}, {@code 45s},
 * {@code 500ms}, {@code 2d}, combinations from the largest unit down ({@code 1h30m}, {@code 1d 12h}), and
 * ISO-8601 ({@code PT26H}, {@code P2D}).
 */
public final class Durations {

    /** The accepted forms, for error messages here and in callers. */
    public static final String ACCEPTED_FORMS =
            "a number with a unit (d, h, m, s, ms), units combined largest first (e.g. 1h30m), or ISO-8601 (e.g. PT26H)";

    // Each unit at most once, largest first; "m" must not swallow the "m" of "ms".
    private static final Pattern HUMAN = Pattern.compile(
            "(?:(\\d+)\\s*d)?\\s*(?:(\\d+)\\s*h)?\\s*(?:(\\d+)\\s*m(?!s))?\\s*(?:(\\d+)\\s*s)?\\s*(?:(\\d+)\\s*ms)?",
            Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /**
     * Parses a duration. Zero ({@code 0s}) is a valid duration; callers that need a positive one check that.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms, when the text is empty, not of
     *                                  an accepted form, negative or too large
     */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty duration: expected " + ACCEPTED_FORMS);
        }
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("duration \"" + text + "\" must not be negative");
        }
        Duration duration = trimmed.toUpperCase(Locale.ROOT).startsWith("P") ? iso(text, trimmed) : human(text, trimmed);
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration \"" + text + "\" must not be negative");
        }
        return duration;
    }

    private static Duration iso(String text, String trimmed) {
        try {
            return Duration.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw invalid(text);
        }
    }

    private static Duration human(String text, String trimmed) {
        Matcher m = HUMAN.matcher(trimmed);
        if (!m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null
                && m.group(4) == null && m.group(5) == null)) {
            throw invalid(text);
        }
        try {
            return Duration.ofDays(amount(m.group(1)))
                    .plusHours(amount(m.group(2)))
                    .plusMinutes(amount(m.group(3)))
                    .plusSeconds(amount(m.group(4)))
                    .plusMillis(amount(m.group(5)));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too large");
        }
    }

    private static long amount(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("duration \"" + text + "\" is not valid: expected " + ACCEPTED_FORMS);
    }
}

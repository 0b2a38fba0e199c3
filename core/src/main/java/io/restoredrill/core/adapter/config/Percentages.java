package io.restoredrill.core.adapter.config;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses percentages as people write them: {@code 10%}, {@code 0.5%}, or a bare {@code 10}, which also means
 * ten percent (not ten times). The result is a fraction: {@code "10%"} gives 0.10.
 */
public final class Percentages {

    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*%?");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Percentages() {
    }

    /**
     * Parses a percentage between 0% and 100%, both included, into a fraction between 0 and 1.
     *
     * @throws IllegalArgumentException naming the text, when it is empty, not a number, negative or above 100%
     */
    public static double parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("percentage \"" + text + "\" must not be negative");
        }
        Matcher m = PERCENT.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("percentage \"" + text
                    + "\" is not valid: expected a number from 0 to 100, optionally followed by %, e.g. 10% or 0.5%");
        }
        BigDecimal percent = new BigDecimal(m.group(1));
        if (percent.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException("percentage \"" + text + "\" must not be above 100%");
        }
        // Decimal arithmetic, so "10%" is the double closest to 0.1 rather than 10 * 0.01.
        return percent.movePointLeft(2).doubleValue();
    }
}

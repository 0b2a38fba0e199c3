package io.restoredrill.core.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a health check's value must satisfy: {@code "= 5"}, {@code ">= 2000000"}, {@code "between 1 and 10"}.
 * Values are compared as exact decimals, so {@code "= 0.1"} means 0.1 and not a binary approximation.
 */
public sealed interface Expectation permits Expectation.Comparison, Expectation.Between {

    boolean isSatisfiedBy(BigDecimal value);

    /** The expectation as a person writes it, e.g. {@code ">= 2000000"}. */
    String text();

    enum Operator {
        EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean holds(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
            };
        }

        static Operator ofSymbol(String symbol) {
            for (Operator op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown operator " + symbol);
        }
    }

    record Comparison(Operator operator, BigDecimal operand) implements Expectation {
        public Comparison {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public boolean isSatisfiedBy(BigDecimal value) {
            return operator.holds(value.compareTo(operand));
        }

        @Override
        public String text() {
            return operator.symbol() + " " + operand.toPlainString();
        }
    }

    record Between(BigDecimal low, BigDecimal high) implements Expectation {
        public Between {
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
            if (low.compareTo(high) > 0) {
                throw new IllegalArgumentException(
                        "\"between " + low.toPlainString() + " and " + high.toPlainString()
                                + "\": the lower bound is greater than the upper bound");
            }
        }

        @Override
        public boolean isSatisfiedBy(BigDecimal value) {
            return value.compareTo(low) >= 0 && value.compareTo(high) <= 0;
        }

        @Override
        public String text() {
            return "between " + low.toPlainString() + " and " + high.toPlainString();
        }
    }

    Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    Pattern COMPARISON = Pattern.compile("\\s*(!=|>=|<=|=|>|<)\\s*(" + NUMBER.pattern() + ")\\s*");
    Pattern BETWEEN = Pattern.compile(
            "\\s*between\\s+(" + NUMBER.pattern() + ")\\s+and\\s+(" + NUMBER.pattern() + ")\\s*",
            Pattern.CASE_INSENSITIVE);

    /**
     * Parses an expectation.
     *
     * @throws IllegalArgumentException naming what is wrong, when {@code text} is not of a supported form
     */
    static Expectation parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher comparison = COMPARISON.matcher(text);
        if (comparison.matches()) {
            return new Comparison(Operator.ofSymbol(comparison.group(1)), new BigDecimal(comparison.group(2)));
        }
        Matcher between = BETWEEN.matcher(text);
        if (between.matches()) {
            return new Between(new BigDecimal(between.group(1)), new BigDecimal(between.group(2)));
        }
        throw new IllegalArgumentException("expect \"" + text + "\" is not of the form"
                + " \"<op> <number>\" (op one of = != > >= < <=) or \"between <number> and <number>\"");
    }
}

package io.restoredrill.cli;

import io.restoredrill.core.adapter.config.Percentages;
import picocli.CommandLine;

/**
 * Percentage options ({@code --max-shrink 10%}) as a fraction (0.1): the forms {@link Percentages} accepts, checked
 * while the command line is parsed.
 */
final class PercentageConverter implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        try {
            return Percentages.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

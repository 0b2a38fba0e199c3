package io.restoredrill.cli;

import io.restoredrill.core.adapter.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/**
 * Duration options ({@code --max-age 26h}, {@code --since 90d}): the forms {@link Durations} accepts, checked
 * while the command line is parsed, so a mistyped value is a usage error before anything starts.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

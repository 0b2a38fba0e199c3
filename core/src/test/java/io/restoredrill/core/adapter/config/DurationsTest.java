package io.restoredrill.core.adapter.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "26h,       PT26H",
            "90m,       PT90M",
            "45s,       PT45S",
            "500ms,     PT0.5S",
            "2d,        PT48H",
            "1h30m,     PT1H30M",
            "1d 12h,    PT36H",
            "1h30m15s,  PT1H30M15S",
            "1m500ms,   PT1M0.5S",
            "' 60s ',   PT60S",
            "26H,       PT26H",
            "PT26H,     PT26H",
            "pt5m,      PT5M",
            "P2D,       PT48H",
            "P1DT2H,    PT26H",
            "0s,        PT0S"
    })
    void parsesHumanAndIsoForms(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"26", "h", "1.5h", "30m1h", "1h1h", "5 minutes", "1w", "PT", "P", "PTxH", "26hours", "ms"})
    void rejectsGarbageNamingTheTextAndTheAcceptedForms(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining("1h30m")
                .hasMessageContaining("PT26H");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsEmptyText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty duration")
                .hasMessageContaining("1h30m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5m", "-PT5M", "PT-5M", "P-1D"})
    void rejectsNegativeDurations(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining("must not be negative");
    }

    @Test
    void rejectsDurationsTooLargeToRepresent() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }
}

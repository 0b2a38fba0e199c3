package io.restoredrill.core.adapter.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PercentagesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "10%,    0.10",
            "10,     0.10",
            "0.5%,   0.005",
            ".5%,    0.005",
            "0%,     0.0",
            "0,      0.0",
            "100%,   1.0",
            "' 25 % ', 0.25",
            "33.3%,  0.333"
    })
    void parsesPercentagesIntoFractions(String text, double expected) {
        assertThat(Percentages.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.1%", "101", "1000%"})
    void rejectsMoreThanAHundredPercent(String text) {
        assertThatThrownBy(() -> Percentages.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining("above 100%");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1%", "-0.5", " -10 %"})
    void rejectsNegativePercentages(String text) {
        assertThatThrownBy(() -> Percentages.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "%", "ten", "10%%", "1e1%", "10 percent", "0,5%"})
    void rejectsTextThatIsNotAPercentage(String text) {
        assertThatThrownBy(() -> Percentages.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining("10%");
    }
}

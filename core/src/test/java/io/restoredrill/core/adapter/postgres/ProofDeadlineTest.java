package io.restoredrill.core.adapter.postgres;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProofDeadlineTest {

    @Test
    void listsAFewNamesInFullAndManyAsTheFirstFiftyAndACount() {
        List<String> many = IntStream.rangeClosed(1, 53).mapToObj(i -> "public.t" + i).toList();

        assertThat(ProofDeadline.names(List.of("public.a", "b.\"C\""))).isEqualTo("public.a, b.\"C\"");
        assertThat(ProofDeadline.names(many)).startsWith("public.t1, public.t2, ")
                .endsWith("public.t50 and 3 more");
    }

    @Test
    void refusesANegativeTimeAndTakesZeroAsExpiredAtOnce() {
        assertThatThrownBy(() -> ProofDeadline.start(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ProofDeadline.start(Duration.ZERO).expired()).isTrue();
        assertThat(ProofDeadline.start(Duration.ofMinutes(1)).remainingMillis()).isPositive();
    }
}

package io.restoredrill.cli.history;

import io.restoredrill.core.testing.SyntheticHistory;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes a generated history for {@code benchmark/history.sh}: {@code drills} drills, one report a night for
 * {@code nights} nights up to last night, in the layout {@code run --history} writes. Args: folder drills nights.
 */
public final class HistoryBenchmarkMain {

    private HistoryBenchmarkMain() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: HistoryBenchmarkMain folder drills nights");
            System.exit(2);
        }
        Instant lastNight = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(21, ChronoUnit.HOURS);
        SyntheticHistory.writeTo(Path.of(args[0]), SyntheticHistory.reports(Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), lastNight));
    }
}

package io.restoredrill.core.adapter.history;

import io.restoredrill.core.adapter.config.ReportJson;
import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.history.ReportLayout;
import io.restoredrill.core.domain.StoredReport;
import io.restoredrill.core.port.ReportArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * Reports in a folder: the layout {@code run --history} writes ({@link ReportLayout}), and any other {@code .json}
 * file below it (reports written with {@code --report} and collected by hand). Year, month and day folders before
 * the period are not entered; each report that is read is parsed whole, on all cores.
 */
public final class FolderReportArchive implements ReportArchive {

    private final Path root;

    public FolderReportArchive(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public Listing list(Optional<String> drill, Instant since) {
        if (!Files.isDirectory(root)) {
            throw new InvalidConfigurationException("--reports " + root + ": no such folder");
        }
        List<Path> top;
        try (Stream<Path> entries = Files.list(root)) {
            top = entries.toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidConfigurationException("--reports " + root + ": cannot list the folder: " + e.getMessage(),
                    e);
        }
        ConcurrentLinkedQueue<StoredReport> reports = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Unreadable> unreadable = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<AlarmTest.Record> alarmTests = new ConcurrentLinkedQueue<>();
        // One drill's folder per task: walking the day folders and parsing the reports is most of the time, and
        // both spread over the cores.
        top.parallelStream().forEach(entry -> {
            try {
                Files.walkFileTree(entry, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                        return ReportLayout.inDayFolderBefore(relative(dir), since)
                                || dir.getFileName().toString().equals(ReportLayout.IN_PROGRESS)
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile() && ReportLayout.isReport(relative(file))) {
                            read(file, drill, since, reports, unreadable);
                        } else if (attributes.isRegularFile() && drill.isEmpty()
                                && ReportLayout.isAlarmTest(relative(file))) {
                            readAlarmTest(file, since, alarmTests, unreadable);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        unreadable.add(new Unreadable(file.toString(), "cannot read it: " + e.getMessage()));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                unreadable.add(new Unreadable(entry.toString(), "cannot read it: " + e.getMessage()));
            }
        });
        return new Listing(new ArrayList<>(reports), new ArrayList<>(unreadable), new ArrayList<>(alarmTests));
    }

    private static void readAlarmTest(Path file, Instant since, ConcurrentLinkedQueue<AlarmTest.Record> alarmTests,
                                      ConcurrentLinkedQueue<Unreadable> unreadable) {
        try {
            AlarmTest.Record record = AlarmTestJson.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!record.at().isBefore(since)) {
                alarmTests.add(record);
            }
        } catch (IllegalArgumentException e) {
            unreadable.add(new Unreadable(file.toString(), e.getMessage()));
        } catch (IOException | UncheckedIOException e) {
            unreadable.add(new Unreadable(file.toString(), "cannot read it: " + e.getMessage()));
        }
    }

    private String relative(Path dir) {
        return root.relativize(dir).toString().replace('\\', '/');
    }

    private static void read(Path file, Optional<String> drill, Instant since, ConcurrentLinkedQueue<StoredReport> reports,
                             ConcurrentLinkedQueue<Unreadable> unreadable) {
        try {
            DrillReport report = ReportJson.fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            if (drill.map(report.drillName()::equals).orElse(true) && !report.startedAt().isBefore(since)) {
                reports.add(new StoredReport(file.toString(), report));
            }
        } catch (InvalidConfigurationException e) {
            unreadable.add(new Unreadable(file.toString(), e.getMessage()));
        } catch (IOException | UncheckedIOException e) {
            unreadable.add(new Unreadable(file.toString(), "cannot read it: " + e.getMessage()));
        }
    }
}

package io.restoredrill.core.port;

import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.StoredReport;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Where drill reports are kept for their history: a folder or an S3 prefix, in {@code ReportLayout}'s layout. */
public interface ReportArchive {

    /** Where the reports are, for people: a path or {@code s3://bucket/prefix/}. */
    String describe();

    /**
     * Every report of the period, of one drill or of all.
     *
     * @param drill only this drill's reports, when given
     * @param since only reports of drills that started at or after this
     * @throws io.restoredrill.core.domain.InvalidConfigurationException when the archive itself cannot be read
     *         (no such folder or bucket, access denied), naming it and the cause
     */
    Listing list(Optional<String> drill, Instant since);

    /**
     * What a listing found.
     *
     * @param reports    the reports read, in no particular order
     * @param unreadable files under the archive that look like reports but could not be read as one; a history
     *                   shows them, since a lost report is a gap in the evidence
     * @param alarmTests the alarm tests of the period (a listing of one drill has none)
     */
    record Listing(List<StoredReport> reports, List<Unreadable> unreadable, List<AlarmTest.Record> alarmTests) {
        public Listing {
            reports = List.copyOf(reports);
            unreadable = List.copyOf(unreadable);
            alarmTests = List.copyOf(alarmTests);
        }

        public Listing(List<StoredReport> reports, List<Unreadable> unreadable) {
            this(reports, unreadable, List.of());
        }
    }

    /** A report that could not be read, and why. */
    record Unreadable(String location, String reason) {
        public Unreadable {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(reason, "reason");
        }
    }
}

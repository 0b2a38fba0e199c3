package io.restoredrill.core.history;

import io.restoredrill.core.domain.AlarmTest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Where a drill's reports are kept, below a folder or an S3 prefix: the same layout on both, so one reader reads
 * both.
 * <ul>
 *   <li>{@code <drill>/<yyyy>/<MM>/<dd>/<id>.json}: every report, by the UTC day its drill started;</li>
 *   <li>{@code <drill>/latest.json}: a copy of the newest passed report (the AWS path's baseline), which a
 *       history does not count twice;</li>
 *   <li>{@code <drill>/in-progress/<execution>.json}: validate's work file between rounds, not a report.</li>
 *   <li>{@code <drill>/trend.json}: the restore times of the drill's last passing drills, not a report.</li>
 * </ul>
 */
public final class ReportLayout {

    /** The newest passed report's copy, beside the dated ones. */
    public static final String LATEST = "latest.json";

    /**
     * {@code <drill>/in-progress/}: validate's work files between its rounds (what the proofs found so far), which
     * are not reports.
     */
    public static final String IN_PROGRESS = "in-progress";

    /** {@code <drill>/trend.json}: the restore times of the drill's last passing drills (validate's trend window). */
    public static final String TREND = "trend.json";

    /**
     * {@code _alarm-tests/<yyyy>/<MM>/<dd>/<execution>.json}: the alarm tests' records (restore-drill start
     * --alarm-test), beside the drills' folders and never one of them: a drill's name cannot hold {@code _}.
     */
    public static final String ALARM_TESTS = AlarmTest.FOLDER;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private ReportLayout() {
    }

    /**
     * {@code <drill>/<yyyy>/<MM>/<dd>/<id>.json}, relative to the folder or prefix. Characters other than letters,
     * digits and {@code . _ -} in the drill's name and the id become {@code _}, so each is one path segment (the
     * reader takes the drill's name from the report, not from the path).
     */
    public static String datedPath(String drillName, Instant startedAt, String id) {
        Objects.requireNonNull(drillName, "drillName");
        Objects.requireNonNull(id, "id");
        return segment(drillName) + "/" + DAY.format(startedAt) + "/" + segment(id) + ".json";
    }

    private static String segment(String text) {
        String s = text.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.replace(".", "").isEmpty() ? "_" + s : s;
    }

    /** {@code yyyy/MM/dd} of an instant, UTC: the day folder a report started on. */
    public static String day(Instant instant) {
        return DAY.format(instant);
    }

    /**
     * Whether a report's path (relative to the folder or prefix, {@code /}-separated) lies in a day folder
     * {@code <yyyy>/<MM>/<dd>/} of a day before {@code since}'s: such a report need not be read for a period that
     * starts then. A path outside that layout is never before.
     */
    public static boolean inDayBefore(String relativePath, Instant since) {
        String[] segments = relativePath.split("/");
        int n = segments.length;
        if (n < 4) {
            return false;
        }
        String day = segments[n - 4] + "/" + segments[n - 3] + "/" + segments[n - 2];
        return day.matches("\\d{4}/\\d{2}/\\d{2}") && day.compareTo(day(since)) < 0;
    }

    /**
     * Whether a folder (relative to the folder or prefix, {@code /}-separated) is a year, month or day folder
     * ({@code <drill>/<yyyy>}, {@code <drill>/<yyyy>/<MM>}, {@code <drill>/<yyyy>/<MM>/<dd>}) that ends before
     * {@code since}'s day: nothing in it belongs to a period that starts then.
     */
    public static boolean inDayFolderBefore(String relativeFolder, Instant since) {
        String[] segments = relativeFolder.split("/");
        String sinceDay = day(since);
        for (int length = 3; length >= 1; length--) {
            if (segments.length < length + 1) {
                continue;
            }
            StringBuilder date = new StringBuilder();
            for (int i = segments.length - length; i < segments.length; i++) {
                date.append(date.isEmpty() ? "" : "/").append(segments[i]);
            }
            String pattern = switch (length) {
                case 3 -> "\\d{4}/\\d{2}/\\d{2}";
                case 2 -> "\\d{4}/\\d{2}";
                default -> "\\d{4}";
            };
            if (date.toString().matches(pattern)) {
                return date.toString().compareTo(sinceDay.substring(0, date.length())) < 0;
            }
        }
        return false;
    }

    /** Whether a path (relative, {@code /}-separated) is a report's: not a baseline copy, a trend or a work file. */
    public static boolean isReport(String relativePath) {
        String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        return name.endsWith(".json") && !name.startsWith(".") && !name.equals(LATEST)
                && !name.equals(TREND)
                && !("/" + relativePath).contains("/" + IN_PROGRESS + "/")
                && !isAlarmTest(relativePath);
    }

    /** Whether a path (relative to the folder or prefix) is an alarm test's record, not a drill's report. */
    public static boolean isAlarmTest(String relativePath) {
        return relativePath.startsWith(ALARM_TESTS + "/") && relativePath.endsWith(".json");
    }
}

package io.restoredrill.core.adapter.source;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the moment a backup was taken from its file name, so that copying or re-uploading a backup (which
 * changes its modification time) does not change which backup counts as newest.
 *
 * <p>Recognised: a date {@code yyyy-MM-dd}, {@code yyyy_MM_dd}, {@code yyyy.MM.dd} or {@code yyyyMMdd}, optionally
 * followed (after {@code T}, {@code _}, {@code -}, a space or nothing) by a time {@code HH:mm[:ss]},
 * {@code HH-mm[-ss]} or {@code HHmm[ss]}, optional fractional seconds and an optional zone ({@code Z},
 * {@code +01:00}, {@code -0500}). Without a zone the time is UTC; a date alone means the start of that day, UTC.
 */
public final class BackupTimestamps {

    // Digits glued to more digits are an id or a counter, never a date: hence the (?<!\d) ... (?!\d) frame.
    // The year is limited to 1900-2199 so that an arbitrary 8-digit number is unlikely to pass for a date.
    // Separators inside the date (and inside the time) must repeat: 2026-1125 is not a date.
    // A zone is only read after a time, and an offset needs its minutes, so "2026-11-25-03" stays a date.
    // What looks like the next date is not a time: in "2026-11-25-2026-11-26", "2026" is not 20:26.
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(?<!\\d)"
            + "(?<year>(?:19|20|21)\\d{2})(?<dateSep>[-_.]?)(?<month>\\d{2})\\k<dateSep>(?<day>\\d{2})"
            + "(?:[Tt_\\- ]?"
            + "(?!(?:19|20|21)\\d{2}[-_.]\\d{2}[-_.]\\d{2}(?!\\d))"
            + "(?<hour>\\d{2})(?<timeSep>[:\\-]?)(?<minute>\\d{2})"
            + "(?:\\k<timeSep>(?<second>\\d{2})(?:[.,](?<fraction>\\d{1,9}))?)?"
            + "(?<zone>[Zz]|[+-]\\d{2}:?\\d{2})?"
            + ")?"
            + "(?!\\d)");

    private BackupTimestamps() {
    }

    /**
     * The timestamp {@code name} carries, or empty when it carries none. When the name holds several, the last
     * valid one wins (a name like {@code copy-of-2026-11-20-taken-2026-11-25.sql} means the 25th). Impossible
     * dates such as {@code 2026-13-45} are not timestamps; an impossible time or offset after a valid date is
     * taken to be something else (a counter) and the date alone is used.
     */
    public static Optional<Instant> fromFileName(String name) {
        Matcher matcher = TIMESTAMP.matcher(name);
        Optional<Instant> last = Optional.empty();
        while (matcher.find()) {
            Optional<Instant> found = toInstant(matcher);
            if (found.isPresent()) {
                last = found;
            }
        }
        return last;
    }

    private static Optional<Instant> toInstant(Matcher match) {
        LocalDate date;
        try {
            date = LocalDate.of(number(match, "year"), number(match, "month"), number(match, "day"));
        } catch (DateTimeException notADate) {
            return Optional.empty();
        }
        if (match.group("hour") == null) {
            return Optional.of(date.atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        try {
            LocalTime time = LocalTime.of(
                    number(match, "hour"),
                    number(match, "minute"),
                    match.group("second") == null ? 0 : number(match, "second"),
                    nanos(match.group("fraction")));
            return Optional.of(date.atTime(time).toInstant(offset(match.group("zone"))));
        } catch (DateTimeException notATime) {
            return Optional.of(date.atStartOfDay().toInstant(ZoneOffset.UTC));
        }
    }

    private static int number(Matcher match, String group) {
        return Integer.parseInt(match.group(group));
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        return Integer.parseInt((fraction + "000000000").substring(0, 9));
    }

    private static ZoneOffset offset(String zone) {
        if (zone == null || zone.equalsIgnoreCase("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = zone.replace(":", "");
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(
                sign * Integer.parseInt(digits.substring(1, 3)), sign * Integer.parseInt(digits.substring(3, 5)));
    }
}

package io.restoredrill.cli.history;

import io.restoredrill.core.history.DrillHistory;
import io.restoredrill.core.domain.StoredReport;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * A drill's days in the period as a calendar, one square per UTC day, a column per week (Monday on top): green
 * when every run of the day passed, red when one failed, blank when there was none. A failed day's square names
 * the failure on hover. The squares' size comes from the page's style (SVG 2 geometry properties), which keeps a
 * year of a hundred drills' calendars small.
 */
final class PassCalendar {

    private static final int CELL = 11;
    private static final int TOP = 14;

    private PassCalendar() {
    }

    static String render(DrillHistory drill, Instant since, Instant until) {
        LocalDate first = LocalDate.ofInstant(since, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(until, ZoneOffset.UTC);
        Map<LocalDate, StoredReport> failedOn = new HashMap<>();
        Map<LocalDate, Boolean> ranOn = new HashMap<>();
        for (StoredReport r : drill.reports()) {
            LocalDate day = LocalDate.ofInstant(r.report().startedAt(), ZoneOffset.UTC);
            ranOn.put(day, true);
            if (!r.report().passed()) {
                failedOn.put(day, r); // the day's last failure, as reports are oldest first
            }
        }
        LocalDate firstMonday = first.with(DayOfWeek.MONDAY);
        long weeks = ChronoUnit.WEEKS.between(firstMonday, last.with(DayOfWeek.MONDAY)) + 1;
        int width = (int) weeks * CELL + 2;
        int height = TOP + 7 * CELL + 2;
        StringBuilder svg = new StringBuilder(8192);
        // Drawn at one and a half times its units: squares large enough to point at.
        svg.append("<svg class=\"calendar\" width=\"").append(width * 3 / 2).append("\" height=\"")
                .append(height * 3 / 2)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"passed and failed days\">");
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            long week = ChronoUnit.WEEKS.between(firstMonday, day.with(DayOfWeek.MONDAY));
            int x = (int) week * CELL + 1;
            int y = TOP + (day.getDayOfWeek().getValue() - 1) * CELL + 1;
            // The period's first month is named only when enough of it shows that its name and the next one's
            // do not overlap.
            boolean firstMonthShows = day.equals(first) && day.lengthOfMonth() - day.getDayOfMonth() >= 14;
            if (firstMonthShows || day.getDayOfMonth() == 1) {
                svg.append("<text class=\"tick\" x=\"").append(x).append("\" y=\"10\">")
                        .append(day.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH))
                        .append("</text>");
            }
            StoredReport failed = failedOn.get(day);
            if (failed != null) {
                svg.append("<rect class=\"f\" x=\"").append(x).append("\" y=\"").append(y)
                        .append("\" data-day=\"").append(day).append("\"><title>").append(day)
                        .append(": failed: ").append(Html.escape(shorten(failed.report().failureReason().orElse(""))))
                        .append("</title></rect>");
            } else if (ranOn.containsKey(day)) {
                svg.append("<rect class=\"p\" x=\"").append(x).append("\" y=\"").append(y)
                        .append("\" data-day=\"").append(day).append("\"/>");
            } else {
                svg.append("<rect class=\"n\" x=\"").append(x).append("\" y=\"").append(y)
                        .append("\"/>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }
}

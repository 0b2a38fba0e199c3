package io.restoredrill.cli.history;

import io.restoredrill.core.history.Point;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One chart of the history page as inline SVG: values over the period, one polyline per series, markers for events
 * and an optional objective line. No script and no external resource, so the page opens offline and prints as it
 * shows.
 *
 * <p>The plot area spans x {@value #LEFT}..{@value #LEFT}+{@value #PLOT_WIDTH} (the period's first to last
 * instant) and y {@value #TOP}+{@value #PLOT_HEIGHT} (the value 0) up to {@value #TOP} (the svg's {@code data-max}),
 * so a reader of the SVG (the browser test) can turn every point back into its value.
 */
final class LineChart {

    static final int LEFT = 44;
    static final int TOP = 8;
    static final int PLOT_WIDTH = 320;
    static final int PLOT_HEIGHT = 100;
    private static final int WIDTH = LEFT + PLOT_WIDTH + 12;
    private static final int HEIGHT = TOP + PLOT_HEIGHT + 24;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** A named line; {@code index} picks its colour class. */
    record Series(String name, List<Point> points) {
        Series {
            Objects.requireNonNull(name, "name");
            points = List.copyOf(points);
        }
    }

    /** A marked instant on the time axis, e.g. a shrink event, with its explanation. */
    record Marker(Instant at, String label) {
    }

    private final String id;
    private final String title;
    private final Unit unit;
    private final Instant since;
    private final Instant until;

    /**
     * @param id    the chart's kind, in {@code data-chart}: {@code restore-time}, {@code rows}, ...
     * @param unit  how values are shown
     */
    LineChart(String id, String title, Unit unit, Instant since, Instant until) {
        this.id = id;
        this.title = title;
        this.unit = unit;
        this.since = since;
        this.until = until.isAfter(since) ? until : since.plusSeconds(1);
    }

    String render(List<Series> series, List<Marker> markers, Optional<Double> objective) {
        double highest = Math.max(objective.orElse(0.0), series.stream().flatMap(s -> s.points().stream())
                .mapToDouble(Point::value).max().orElse(0));
        double max = highest <= 0 ? 1 : niceCeiling(highest * 1.05);
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<figure class=\"chart\" data-chart=\"").append(Html.escape(id)).append("\"><figcaption>")
                .append(Html.escape(title)).append("</figcaption>");
        svg.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\" data-max=\"")
                .append(max).append("\" data-since=\"").append(since).append("\" data-until=\"").append(until)
                .append("\">");
        axes(svg, max);
        objective.ifPresent(o -> {
            int y = y(o, max);
            svg.append("<line class=\"objective\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_WIDTH)
                    .append("\" y1=\"").append(y).append("\" y2=\"").append(y).append("\" data-value=\"").append(o)
                    .append("\"><title>objective ").append(unit.format(o)).append("</title></line>");
        });
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            svg.append("<polyline class=\"s").append(i % 6).append("\" data-series=\"").append(Html.escape(s.name()))
                    .append("\" data-count=\"").append(s.points().size()).append("\" points=\"");
            for (Point p : s.points()) {
                svg.append(x(p.at())).append(',').append(y(p.value(), max)).append(' ');
            }
            svg.append("\"/>");
            if (s.points().size() == 1) {
                Point p = s.points().get(0); // a line of one point does not show
                svg.append("<circle class=\"s").append(i % 6).append("\" r=\"2.5\" cx=\"").append(x(p.at()))
                        .append("\" cy=\"").append(y(p.value(), max)).append("\"/>");
            }
        }
        for (Marker m : markers) {
            int x = x(m.at());
            svg.append("<g class=\"marker\" data-at=\"").append(m.at()).append("\"><line x1=\"").append(x)
                    .append("\" x2=\"").append(x).append("\" y1=\"").append(TOP).append("\" y2=\"")
                    .append(TOP + PLOT_HEIGHT).append("\"/><title>").append(Html.escape(m.label()))
                    .append("</title></g>");
        }
        svg.append("</svg>");
        if (series.size() > 1) {
            svg.append("<ul class=\"legend\">");
            for (int i = 0; i < series.size(); i++) {
                svg.append("<li class=\"s").append(i % 6).append("\">").append(Html.escape(series.get(i).name()))
                        .append("</li>");
            }
            svg.append("</ul>");
        }
        return svg.append("</figure>").toString();
    }

    private void axes(StringBuilder svg, double max) {
        int bottom = TOP + PLOT_HEIGHT;
        svg.append("<path class=\"axis\" d=\"M").append(LEFT).append(' ').append(TOP).append("V").append(bottom)
                .append("H").append(LEFT + PLOT_WIDTH).append("\"/>");
        for (double v : new double[] {0, max / 2, max}) {
            int y = y(v, max);
            svg.append("<text class=\"tick\" x=\"").append(LEFT - 4).append("\" y=\"").append(y + 4)
                    .append("\" text-anchor=\"end\">").append(Html.escape(unit.format(v))).append("</text>");
            if (v > 0) {
                svg.append("<path class=\"grid\" d=\"M").append(LEFT).append(' ').append(y).append("H")
                        .append(LEFT + PLOT_WIDTH).append("\"/>");
            }
        }
        svg.append("<text class=\"tick\" x=\"").append(LEFT).append("\" y=\"").append(bottom + 16).append("\">")
                .append(DAY.format(since)).append("</text><text class=\"tick\" x=\"").append(LEFT + PLOT_WIDTH)
                .append("\" y=\"").append(bottom + 16).append("\" text-anchor=\"end\">").append(DAY.format(until))
                .append("</text>");
    }

    int x(Instant at) {
        double share = (double) (at.toEpochMilli() - since.toEpochMilli()) / (until.toEpochMilli() - since.toEpochMilli());
        return LEFT + (int) Math.round(Math.max(0, Math.min(1, share)) * PLOT_WIDTH);
    }

    static int y(double value, double max) {
        return TOP + PLOT_HEIGHT - (int) Math.round(Math.max(0, Math.min(1, value / max)) * PLOT_HEIGHT);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}: axis maxima people read at a glance. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    /** How a chart shows its values. */
    enum Unit {
        SECONDS {
            @Override
            String format(double seconds) {
                if (seconds >= 7200) {
                    return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
                }
                if (seconds >= 120) {
                    return String.format(Locale.ROOT, "%.0f min", seconds / 60);
                }
                return String.format(Locale.ROOT, "%.0f s", seconds);
            }
        },
        HOURS {
            @Override
            String format(double hours) {
                return String.format(Locale.ROOT, hours >= 10 ? "%.0f h" : "%.1f h", hours);
            }
        },
        ROWS {
            @Override
            String format(double rows) {
                if (rows >= 1e9) {
                    return String.format(Locale.ROOT, "%.1fG", rows / 1e9);
                }
                if (rows >= 1e6) {
                    return String.format(Locale.ROOT, "%.1fM", rows / 1e6);
                }
                if (rows >= 1e4) {
                    return String.format(Locale.ROOT, "%.0fk", rows / 1e3);
                }
                return String.format(Locale.ROOT, "%.0f", rows);
            }
        };

        abstract String format(double value);
    }
}

package mixer.evaluation.report;

import mixer.dsp.io.AtomicFiles;
import mixer.evaluation.Refinement;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.Estimate;
import mixer.evaluation.metrics.MeanPredictor;
import mixer.training.WeightedEnsemble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The page over the tasks' reports: {@code mixer evaluate} writes each task's report into its own folder
 * {@code <root>/<task>/} ({@link ReportWriter}); this reads each {@code <root>/<task>/results/summary.csv} there is
 * and writes, atomically,
 * <pre>
 * index.html, index.md        one row per task: what the model hears, the ensemble's MAE with its interval, the best
 *                             single model, the best with refinement, the training mean, the 0.035 verdict, the link
 * charts/mae_per_task.png     the ensemble's (else the best model's) MAE per task, its interval, the 0.035 line
 * </pre>
 * A task without a folder or a summary is a "not run" row; a summary that cannot be read is a row saying why. The
 * target is compared on the match tasks only: blind restore cannot reach it ({@code BlindFloor}).
 */
public final class TaskIndex {

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    public static final String HTML = "index.html";
    public static final String MARKDOWN = "index.md";
    /** The chart, relative to the report root. */
    public static final String CHART = "charts/mae_per_task.png";

    public static final String RESTORE = "restore";
    public static final String MATCH_OTHER = "match-other";
    public static final String MATCH_SAME = "match-same";
    /** The workbench's tasks, in the order the index shows them. */
    public static final List<String> TASKS = List.of(RESTORE, MATCH_OTHER, MATCH_SAME);

    /** The verdict on blind restore, whose floor is far above the target. */
    public static final String RESTORE_VERDICT = "not compared: blind restore's floor is about 0.12";

    /** A task id names a folder under the report root. */
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String SUMMARY = "results/summary.csv";
    private static final Color ENSEMBLE_COLOUR = new Color(0x0072B2), SINGLE_COLOUR = new Color(0xE69F00);
    private static final BasicStroke DASHED = new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[] {8, 6}, 0);

    private TaskIndex() {
    }

    /** Whether a task's summary was found and read. */
    public enum Status { RUN, NOT_RUN, UNREADABLE }

    /** A model's row of a summary: its name and its MAE with the 95 % interval. */
    public record Scored(String model, Estimate mae) {
    }

    /**
     * One task's line of the index.
     *
     * @param problem     why the row has no numbers (not run, or why its summary could not be read); null when run
     * @param ensemble    the "ensemble" row; null without one
     * @param bestSingle  the lowest MAE among the models that are neither baselines, the ensemble, nor refined
     * @param bestRefined the lowest MAE among the refined rows ("&lt;model&gt; + refine"); null without any
     * @param mean        the training mean's row; null without one
     */
    public record Row(String task, Status status, String problem, Scored ensemble, Scored bestSingle, Scored bestRefined,
                      Scored mean, int examples, int tracks) {

        /** What the chart shows and the target is judged on: the ensemble, else the best single model. */
        public Scored headline() {
            return ensemble != null ? ensemble : bestSingle;
        }

        public boolean comparesTarget() {
            return TaskIndex.comparesTarget(task);
        }
    }

    /** Writes the index of the workbench's three tasks ({@link #TASKS}). */
    public static Path write(Path reportRoot) throws IOException {
        return write(reportRoot, TASKS);
    }

    /**
     * Writes {@code index.html}, {@code index.md} and {@link #CHART} into {@code reportRoot}, one row per task id
     * (restore, match-other, match-same first, in that order; other ids after them as given).
     *
     * @return the HTML page
     */
    public static Path write(Path reportRoot, List<String> taskIds) throws IOException {
        List<Row> rows = read(reportRoot, taskIds);
        Path chart = reportRoot.resolve(CHART);
        Charts.write(chart(rows), chart);
        String written = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", " UTC");
        AtomicFiles.writeString(reportRoot.resolve(MARKDOWN), markdown(rows, reportRoot, written));
        Path html = reportRoot.resolve(HTML);
        AtomicFiles.writeString(html, html(rows, reportRoot, written));
        return html;
    }

    /** Each task's row, in the index's order; a missing or unreadable summary gives a row that says so. */
    public static List<Row> read(Path reportRoot, List<String> taskIds) {
        List<Row> rows = new ArrayList<>();
        for (String task : ordered(taskIds)) {
            Path summary = reportRoot.resolve(task).resolve(SUMMARY);
            if (!Files.isRegularFile(summary)) {
                rows.add(new Row(task, Status.NOT_RUN, "not run (no " + task + "/" + SUMMARY + ")", null, null, null, null, 0, 0));
                continue;
            }
            try {
                rows.add(readSummary(task, summary));
            } catch (IOException e) {
                rows.add(new Row(task, Status.UNREADABLE, "summary unreadable: " + e.getMessage(), null, null, null, null, 0, 0));
            }
        }
        return rows;
    }

    /** restore, match-other, match-same (those asked for), then any other ids in the order given; no repeats. */
    static List<String> ordered(List<String> taskIds) {
        if (taskIds.isEmpty()) throw new IllegalArgumentException("no task ids to index");
        for (String t : taskIds) {
            if (t == null || !TASK_ID.matcher(t).matches()) {
                throw new IllegalArgumentException("task id '" + t + "' does not name a folder under the report root "
                        + "(letters, digits, '.', '_' and '-', starting with a letter or digit)");
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : TASKS) if (taskIds.contains(t)) out.add(t);
        out.addAll(taskIds);
        return List.copyOf(out);
    }

    /** Whether the 0.035 target is compared on a task: everywhere but blind restore (as {@link ReportData#comparesTarget}). */
    static boolean comparesTarget(String task) {
        return !task.equals(RESTORE);
    }

    /** What the model hears in a task, in a phrase. */
    static String hears(String task) {
        return switch (task) {
            case RESTORE -> "blind restore: only x = invert(r, p) of a finished track r";
            case MATCH_OTHER -> "match other: a raw crop and a reference, the mix render(B, p) of another crop B of the same track";
            case MATCH_SAME -> "match same: a raw crop x and its mix render(x, p)";
            default -> task;
        };
    }

    /** The floor estimated from the corpus (DESIGN.md), in a phrase. */
    static String floor(String task) {
        return switch (task) {
            case RESTORE -> "~0.12-0.14";
            case MATCH_OTHER -> "~0.07-0.10";
            case MATCH_SAME -> "~0.01-0.02";
            default -> "—";
        };
    }

    /** The 0.035 verdict for a row. */
    static String verdict(Row row, double target) {
        if (row.status() != Status.RUN) return "—";
        if (!row.comparesTarget()) return RESTORE_VERDICT;
        Scored h = row.headline();
        if (h == null) return "no model scored (only baselines)";
        String t = f(target, 3), whose = h.model() + "'s";
        Estimate e = h.mae();
        String verdict;
        if (Double.isNaN(e.low()) || Double.isNaN(e.high())) {
            verdict = e.value() <= target ? "met: " + whose + " MAE is at or below " + t : "missed: " + whose + " MAE is above " + t;
        } else if (e.high() <= target) {
            verdict = "met: " + whose + " whole interval is at or below " + t;
        } else if (e.value() <= target) {
            verdict = "met on " + whose + " point estimate (its interval reaches above " + t + ")";
        } else if (e.low() <= target) {
            verdict = "missed on " + whose + " point estimate (its interval reaches below " + t + ")";
        } else {
            verdict = "missed: " + whose + " whole interval is above " + t;
        }
        Scored r = row.bestRefined();
        if (e.value() > target && r != null && r.mae().value() <= target) {
            verdict += "; met with refinement by " + r.model() + " (" + f(r.mae().value(), 4) + ")";
        }
        return verdict;
    }

    private static Row readSummary(String task, Path file) throws IOException {
        List<CSVRecord> records;
        try (CSVParser p = CSVParser.parse(file, StandardCharsets.UTF_8,
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
            for (String c : List.of("model", "mae")) {
                if (!p.getHeaderMap().containsKey(c)) throw new IOException(task + "/" + SUMMARY + " has no '" + c + "' column");
            }
            records = p.getRecords();
        } catch (UncheckedIOException e) {
            throw new IOException(task + "/" + SUMMARY + ": " + e.getMessage(), e);
        }
        if (records.isEmpty()) throw new IOException(task + "/" + SUMMARY + " has no models");
        Scored ensemble = null, bestSingle = null, bestRefined = null, mean = null;
        int examples = 0, tracks = 0;
        for (CSVRecord r : records) {
            String model = r.get("model");
            Scored s = new Scored(model, new Estimate(number(r, "mae"), number(r, "mae_low"), number(r, "mae_high")));
            if (Double.isNaN(s.mae().value())) continue;
            examples = Math.max(examples, (int) orZero(number(r, "examples")));
            tracks = Math.max(tracks, (int) orZero(number(r, "tracks")));
            if (model.equals(MeanPredictor.NAME) || model.equals("training mean")) {
                mean = s;
            } else if (isBaseline(r, model)) {
                continue;
            } else if (model.equals(WeightedEnsemble.NAME)) {
                ensemble = s;
            } else if (model.endsWith(Refinement.SUFFIX)) {
                bestRefined = better(bestRefined, s);
            } else {
                bestSingle = better(bestSingle, s);
            }
        }
        return new Row(task, Status.RUN, null, ensemble, bestSingle, bestRefined, mean, examples, tracks);
    }

    private static boolean isBaseline(CSVRecord r, String model) {
        if (model.equals(AudioEvaluation.DO_NOTHING)) return true;
        return r.isMapped("baseline") && r.isSet("baseline") && r.get("baseline").trim().equalsIgnoreCase("true");
    }

    private static Scored better(Scored a, Scored b) {
        return a == null || b.mae().value() < a.mae().value() ? b : a;
    }

    private static double number(CSVRecord r, String column) throws IOException {
        String v = r.isMapped(column) && r.isSet(column) ? r.get(column).trim() : "";
        if (v.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IOException("line " + (r.getRecordNumber() + 1) + ": " + column + " = '" + v + "' is not a number");
        }
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    // ---- the page

    private static final String[] COLUMNS = {"task", "the model hears", "test rows (tracks)", "ensemble MAE [95 %]",
            "best single model", "best with refinement", "training mean", "MAE ≤ 0.035", "estimated floor", "report"};

    /** The cells of a row, as text (the report cell is left out: each format links it its own way). */
    private static String[] cells(Row row) {
        String task = row.task(), hears = hears(task), floor = floor(task);
        if (row.status() != Status.RUN) {
            return new String[] {task, hears, "—", row.problem(), "—", "—", "—", "—", floor};
        }
        return new String[] {task, hears, row.examples() + " (" + row.tracks() + ")",
                row.ensemble() == null ? "no ensemble" : estimate(row.ensemble().mae()),
                row.bestSingle() == null ? "—" : row.bestSingle().model() + ": " + estimate(row.bestSingle().mae()),
                row.bestRefined() == null ? "—" : row.bestRefined().model() + ": " + estimate(row.bestRefined().mae()),
                row.mean() == null ? "—" : f(row.mean().mae().value(), 4),
                verdict(row, ReportData.TARGET_MAE), floor};
    }

    private static String estimate(Estimate e) {
        return Double.isNaN(e.low()) || Double.isNaN(e.high()) ? f(e.value(), 4) : e.format(4);
    }

    private static String header() {
        return "The evaluation reports of the workbench's tasks, one row per task: each task is trained and evaluated on "
                + "its own and `mixer evaluate` writes its report into its own folder here, `<task>/report.html` (and "
                + "`report.md`, with `results/` and `charts/`). Errors are normalised MAE (a fraction of each parameter's "
                + "range) with 95 % bootstrap intervals over test tracks, as in each report. The best single model leaves "
                + "out the ensemble, the baselines and the refined rows; the best with refinement is the best `<model>"
                + Refinement.SUFFIX + "` row (predictions refined with the exact chain), reported separately. The "
                + f(ReportData.TARGET_MAE, 3) + " target is judged on the ensemble (else the best single model) of the match "
                + "tasks; blind restore cannot reach it, since finished music itself varies.";
    }

    private static String chartCaption() {
        return "The ensemble's MAE per task (else the best single model's) with its 95 % interval; the dashed line is the "
                + f(ReportData.TARGET_MAE, 3) + " target, which applies to the match tasks.";
    }

    static String markdown(List<Row> rows, Path root, String written) {
        StringBuilder sb = new StringBuilder("# mixer: reports by task\n\n");
        sb.append(header()).append(" Written ").append(written).append(".\n\n|");
        for (String c : COLUMNS) sb.append(' ').append(md(c)).append(" |");
        sb.append("\n|");
        for (int i = 0; i < COLUMNS.length; i++) sb.append("---|");
        sb.append('\n');
        for (Row row : rows) {
            sb.append('|');
            for (String c : cells(row)) sb.append(' ').append(md(c)).append(" |");
            List<String> links = new ArrayList<>();
            for (String file : List.of(ReportWriter.MARKDOWN, ReportWriter.HTML)) {
                if (exists(root, row.task(), file)) links.add("[" + file + "](" + row.task() + "/" + file + ")");
            }
            sb.append(' ').append(links.isEmpty() ? "—" : String.join(", ", links)).append(" |\n");
        }
        sb.append("\n![MAE per task with the target line](").append(CHART).append(")\n\n").append(chartCaption()).append("\n\n");
        sb.append("Where each task's report is:\n\n");
        for (Row row : rows) {
            String path = row.task() + "/" + ReportWriter.HTML;
            sb.append("- ").append(row.task()).append(": ").append(exists(root, row.task(), ReportWriter.HTML)
                    ? "[" + path + "](" + path + ")" : "`" + path + "` (" + absent(row) + ")").append('\n');
        }
        return sb.toString();
    }

    static String html(List<Row> rows, Path root, String written) {
        StringBuilder sb = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>mixer: reports by task</title>
                <style>
                  body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 1250px; margin: 2em auto; padding: 0 1em; color: #222; }
                  h1 { font-size: 1.6em; border-bottom: 2px solid #0072B2; padding-bottom: .2em; }
                  table { border-collapse: collapse; margin: .6em 0 1.2em; font-size: .86em; }
                  th, td { border: 1px solid #ccc; padding: .25em .55em; vertical-align: top; }
                  th { background: #f0f4f8; text-align: left; }
                  td.notrun { color: #888; }
                  img { max-width: 100%; border: 1px solid #ddd; margin: .4em 0 1em; }
                  code { background: #f4f4f4; padding: 0 .2em; }
                </style>
                </head>
                <body>
                <h1>mixer: reports by task</h1>
                """);
        sb.append("<p>").append(code(header())).append(" Written ").append(esc(written)).append(".</p>\n");
        sb.append("<table>\n<thead><tr>");
        for (String c : COLUMNS) sb.append("<th>").append(esc(c)).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (Row row : rows) {
            sb.append("<tr>");
            String cls = row.status() == Status.RUN ? "" : " class=\"notrun\"";
            for (String c : cells(row)) sb.append("<td").append(cls).append('>').append(esc(c)).append("</td>");
            String href = esc(row.task() + "/" + ReportWriter.HTML);
            sb.append("<td").append(cls).append('>').append(exists(root, row.task(), ReportWriter.HTML)
                    ? "<a href=\"" + href + "\">" + href + "</a>" : "—").append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        sb.append("<p><img src=\"").append(esc(CHART)).append("\" alt=\"").append(esc(chartCaption())).append("\"></p>\n");
        sb.append("<p>").append(esc(chartCaption())).append("</p>\n<p>Where each task's report is:</p>\n<ul>\n");
        for (Row row : rows) {
            String href = esc(row.task() + "/" + ReportWriter.HTML);
            sb.append("<li>").append(esc(row.task())).append(": ").append(exists(root, row.task(), ReportWriter.HTML)
                    ? "<a href=\"" + href + "\">" + href + "</a>" : "<code>" + href + "</code> (" + absent(row) + ")").append("</li>\n");
        }
        return sb.append("</ul>\n</body>\n</html>\n").toString();
    }

    private static boolean exists(Path root, String task, String file) {
        return Files.isRegularFile(root.resolve(task).resolve(file));
    }

    /** Why a task's report.html is not linked. */
    private static String absent(Row row) {
        return row.status() == Status.NOT_RUN ? "not run" : "not written";
    }

    private static String esc(String s) {
        return TextTables.escape(s);
    }

    /** Escapes HTML and turns Markdown's `code` into tags. */
    private static String code(String text) {
        return esc(text).replaceAll("`([^`]+)`", "<code>$1</code>");
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }

    // ---- the chart

    /** Bars of the ensemble's (else the best single model's) MAE per task, its interval, and the target line. */
    static CategoryChart chart(List<Row> rows) {
        CategoryChart c = new CategoryChart(900, 480);
        c.setTitle("MAE per task (normalised), 95 % bootstrap interval over tracks");
        c.setYAxisTitle("MAE (fraction of each range)");
        c.setXAxisTitle("task");
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendBorderColor(Color.LIGHT_GRAY);
        c.getStyler().setPlotGridLinesColor(new Color(0xE0E0E0));
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setOverlapped(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisDecimalPattern("0.000");
        c.getStyler().setAvailableSpaceFill(0.55);
        c.getStyler().setErrorBarsColor(Color.BLACK);
        c.getStyler().setErrorBarsColorSeriesColor(false);
        double target = ReportData.TARGET_MAE, top = target;
        List<String> names = new ArrayList<>();
        List<Double> ensemble = new ArrayList<>(), single = new ArrayList<>(), mid = new ArrayList<>(), half = new ArrayList<>(),
                line = new ArrayList<>();
        boolean anyEnsemble = false, anySingle = false;
        for (Row row : rows) {
            Scored h = row.status() == Status.RUN ? row.headline() : null;
            names.add(h == null ? row.task() + " (" + switch (row.status()) {
                case RUN -> "no model";
                case NOT_RUN -> "not run";
                case UNREADABLE -> "unreadable";
            } + ")" : row.task());
            double v = h == null ? 0 : h.mae().value();
            boolean isEnsemble = h != null && h == row.ensemble();
            anyEnsemble |= isEnsemble;
            anySingle |= h != null && !isEnsemble;
            ensemble.add(isEnsemble ? v : 0.0);
            single.add(h != null && !isEnsemble ? v : 0.0);
            Estimate e = h == null ? null : h.mae();
            boolean interval = e != null && !Double.isNaN(e.low()) && !Double.isNaN(e.high());
            // XChart's error bars are symmetric (and take no nulls): the (possibly asymmetric) interval around its midpoint
            mid.add(interval ? (e.low() + e.high()) / 2 : v);
            half.add(interval ? (e.high() - e.low()) / 2 : 0.0);
            line.add(target);
            top = Math.max(top, interval ? e.high() : v);
        }
        c.getStyler().setYAxisMax(top * 1.15);
        if (anyEnsemble || !anySingle) c.addSeries("ensemble", names, ensemble).setFillColor(ENSEMBLE_COLOUR);
        if (anySingle) c.addSeries("best single model (no ensemble)", names, single).setFillColor(SINGLE_COLOUR);
        CategorySeries interval = c.addSeries("95 % interval", names, mid, half);
        interval.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        interval.setMarker(SeriesMarkers.NONE);
        interval.setMarkerColor(Color.BLACK);
        interval.setLineColor(Color.BLACK);
        CategorySeries goal = c.addSeries(String.format(Locale.ROOT, "target %.3f (match tasks)", target), names, line);
        goal.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        goal.setMarker(SeriesMarkers.NONE);
        goal.setLineColor(Charts.TARGET);
        goal.setLineStyle(DASHED);
        return c;
    }

    private static String f(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}

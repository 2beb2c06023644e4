package mixer.evaluation.report;

import mixer.dataset.Task;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.params.Param;
import mixer.evaluation.Refinement;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.Estimate;
import mixer.evaluation.metrics.MeanPredictor;
import mixer.training.WeightedEnsemble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.knowm.xchart.CategoryChart;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
 * target is compared on the match tasks only: blind restore cannot reach it ({@code Floor}).
 */
public final class TaskIndex {

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    public static final String HTML = "index.html";
    public static final String MARKDOWN = "index.md";
    /** The chart, relative to the report root. */
    public static final String CHART = "charts/mae_per_task.png";

    public static final String RESTORE = Task.RESTORE.id();
    public static final String MATCH_OTHER = Task.MATCH_OTHER.id();
    public static final String MATCH_SAME = Task.MATCH_SAME.id();
    /** The workbench's tasks' ids, in the order the index shows them. */
    public static final List<String> TASKS = Stream.of(Task.RESTORE, Task.MATCH_OTHER, Task.MATCH_SAME).map(Task::id).toList();

    /** The verdict on blind restore, whose floor is far above the target. */
    public static final String RESTORE_VERDICT = "not compared: " + ReportData.taskName(Task.RESTORE) + "'s floor is about 0.12";

    /** A task id names a folder under the report root. */
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String SUMMARY = "results/summary.csv";
    private static final String FLOOR = "results/floor.csv";
    private static final Color ENSEMBLE_COLOUR = new Color(0x0072B2), SINGLE_COLOUR = new Color(0xE69F00);

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
     * @param bestRefined the lowest MAE among the rows taken on with the exact chain ("&lt;model&gt; + refine", and in
     *                    match same "&lt;model&gt; + second stage"); null without any
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
        Document page = page(rows, reportRoot, written);
        AtomicFiles.writeString(reportRoot.resolve(MARKDOWN), page.markdown());
        Path html = reportRoot.resolve(HTML);
        AtomicFiles.writeString(html, page.html());
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
            if (!Files.isRegularFile(reportRoot.resolve(task).resolve(ReportWriter.PROVENANCE))) {
                rows.add(new Row(task, Status.NOT_RUN, "unfinished (no " + task + "/" + ReportWriter.PROVENANCE
                        + ": its evaluation was interrupted; run it again)", null, null, null, null, 0, 0));
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

    /** The workbench's task of an id (exactly its {@link Task#id()}); empty for any other folder. */
    static Optional<Task> task(String id) {
        return Arrays.stream(Task.values()).filter(t -> t.id().equals(id)).findFirst();
    }

    /** Whether the 0.035 target is compared on a task ({@link ReportData#comparesTarget(Task)}; on any other id too). */
    static boolean comparesTarget(String task) {
        return task(task).map(ReportData::comparesTarget).orElse(true);
    }

    /** What the model hears in a task ({@link Task#describe()}); another id stands for itself. */
    static String hears(String task) {
        return task(task).map(Task::describe).orElse(task);
    }

    /**
     * The task's floor: the overall floor its report measured ({@code results/floor.csv}, written where the
     * task has one: {@link mixer.evaluation.metrics.Floor}), else the estimate of DESIGN.md in a phrase.
     */
    static String floor(Path root, String task) {
        Path file = root.resolve(task).resolve(FLOOR);
        if (!Files.isRegularFile(file)) return floor(task);
        try (CSVParser p = CSVParser.parse(file, StandardCharsets.UTF_8,
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
            double sum = 0;
            for (CSVRecord r : p.getRecords()) sum += orZero(number(r, "floor"));
            return f(sum / Param.COUNT, 3) + " (measured; a lower estimate: " + FLOOR + ")";
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return floor(task) + " (" + FLOOR + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** The floor estimated from the corpus (DESIGN.md), in a phrase. */
    static String floor(String task) {
        return task(task).map(t -> switch (t) {
            case RESTORE -> "~0.12-0.14";
            case MATCH_OTHER -> "~0.07-0.12";
            case MATCH_SAME -> "~0.005-0.01";
            case ESTIMATE -> "—";
        }).orElse("—");
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
            } else if (model.endsWith(Refinement.SUFFIX) || model.endsWith(Refinement.SECOND_STAGE)) {
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
            "best single model", "best with refinement", "training mean", "MAE ≤ 0.035", "estimated floor", "report", "made by"};

    /** The cells of a row, as text. */
    private static String[] cells(Row row, Path root) {
        String task = row.task(), hears = hears(task), floor = floor(root, task);
        String report = exists(root, task, ReportWriter.HTML) ? task + "/" + ReportWriter.HTML : "—";
        if (row.status() != Status.RUN) {
            return new String[] {task, hears, "—", row.problem(), "—", "—", "—", "—", floor, report, "—"};
        }
        return new String[] {task, hears, row.examples() + " (" + row.tracks() + ")",
                row.ensemble() == null ? "no ensemble" : estimate(row.ensemble().mae()),
                row.bestSingle() == null ? "—" : row.bestSingle().model() + ": " + estimate(row.bestSingle().mae()),
                row.bestRefined() == null ? "—" : row.bestRefined().model() + ": " + estimate(row.bestRefined().mae()),
                row.mean() == null ? "—" : f(row.mean().mae().value(), 4),
                verdict(row, ReportData.TARGET_MAE), floor, report, madeBy(root, task)};
    }

    /** Which code wrote a task's report and when (its provenance.json): rows side by side may come from different runs. */
    static String madeBy(Path root, String task) {
        Path file = root.resolve(task).resolve(ReportWriter.PROVENANCE);
        try {
            com.fasterxml.jackson.databind.JsonNode p = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
            String commit = p.path("git_commit").asText("");
            String made = p.path("created_utc").asText("");
            if (commit.isEmpty() && made.isEmpty()) return "—";
            return (mixer.dsp.provenance.Provenance.shortId(commit) + ", " + ReportWriter.minutes(made)).replaceAll("^, |, $", "");
        } catch (IOException e) {
            return "—";
        }
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
                + Refinement.SUFFIX + "` row (predictions refined with the exact chain) or, in the match tasks, `<model>"
                + Refinement.SECOND_STAGE + "` row (started from the network's: match same reads every setting from the pair, "
                + "match other the air and the ratio), reported separately. The "
                + f(ReportData.TARGET_MAE, 3) + " target is judged on the ensemble (else the best single model) of the match "
                + "tasks; " + ReportData.taskName(Task.RESTORE) + " cannot reach it, since finished music itself varies.";
    }

    private static String chartCaption() {
        return "The ensemble's MAE per task (else the best single model's) with its 95 % interval; the dashed line is the "
                + f(ReportData.TARGET_MAE, 3) + " target, which applies to the match tasks.";
    }

    /** The page: the header, a row per task, the chart, and where each task's report is (linked where written). */
    static Document page(List<Row> rows, Path root, String written) {
        List<StringColumn> columns = Arrays.stream(COLUMNS).map(StringColumn::create).toList();
        List<String> where = new ArrayList<>();
        for (Row row : rows) {
            String[] cells = cells(row, root);
            for (int i = 0; i < cells.length; i++) columns.get(i).append(cells[i]);
            List<String> links = new ArrayList<>();
            for (String file : List.of(ReportWriter.HTML, ReportWriter.MARKDOWN)) {
                String path = row.task() + "/" + file;
                if (exists(root, row.task(), file)) links.add("[" + path + "](" + path + ")");
            }
            where.add(row.task() + ": " + (links.isEmpty() ? "`" + row.task() + "/" + ReportWriter.HTML + "` ("
                    + (row.status() == Status.NOT_RUN ? "not run" : "not written") + ")" : String.join(", ", links)));
        }
        return new Document("mixer: reports by task")
                .paragraph(header() + " Written " + written + ".")
                .table(Table.create("tasks", columns.toArray(StringColumn[]::new)))
                .image(CHART, "MAE per task with its 95 % interval and the target line")
                .paragraph(chartCaption())
                .paragraph("Where each task's report is:")
                .bullets(where);
    }

    private static boolean exists(Path root, String task, String file) {
        return Files.isRegularFile(root.resolve(task).resolve(file));
    }

    // ---- the chart

    /** Bars of the ensemble's (else the best single model's) MAE per task, its interval, and the target line. */
    static CategoryChart chart(List<Row> rows) {
        List<String> names = new ArrayList<>();
        List<Double> ensemble = new ArrayList<>(), single = new ArrayList<>();
        List<Estimate> intervals = new ArrayList<>();
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
            intervals.add(h == null ? null : h.mae());
        }
        List<Charts.Bars> bars = new ArrayList<>();
        if (anyEnsemble || !anySingle) bars.add(new Charts.Bars("ensemble", ensemble, ENSEMBLE_COLOUR));
        if (anySingle) bars.add(new Charts.Bars("best single model (no ensemble)", single, SINGLE_COLOUR));
        double target = ReportData.TARGET_MAE;
        return Charts.maeBars("MAE per task (normalised), 95 % bootstrap interval over tracks", "task", names, bars, intervals,
                new ReportData.Line(target, String.format(Locale.ROOT, "target %.3f (match tasks)", target)));
    }

    private static String f(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}

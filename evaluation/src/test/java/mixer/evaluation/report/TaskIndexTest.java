package mixer.evaluation.report;

import mixer.dataset.Task;
import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import mixer.evaluation.metrics.Bootstrap;
import mixer.evaluation.metrics.MeanPredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskIndexTest {

    /** The header {@link ReportWriter} writes (ReportWriterTest checks it on a real report). */
    static final String HEADER = "model,baseline,examples,tracks,mae,mae_low,mae_high,rmse,median_abs_error";

    /** One summary row as ReportWriter writes it (Tablesaw's CSV: booleans as true/false, doubles in full). */
    static String row(String model, boolean baseline, double mae, double low, double high) {
        return String.format(Locale.ROOT, "%s,%b,40,40,%s,%s,%s,%s,%s%n", model.contains(",") || model.contains("\"")
                        ? "\"" + model.replace("\"", "\"\"") + "\"" : model, baseline, mae, low, high, mae * 1.3, mae * 0.8);
    }

    static void summary(Path root, String task, String... rows) throws IOException {
        Path f = root.resolve(task).resolve("results/summary.csv");
        Files.createDirectories(f.getParent());
        Files.writeString(f, HEADER + "\n" + String.join("", rows));
        Files.writeString(root.resolve(task).resolve("report.html"), "<html></html>\n");
        Files.writeString(root.resolve(task).resolve(ReportWriter.PROVENANCE),
                "{\"git_commit\": \"0123456789abcdef0123\", \"created_utc\": \"2026-12-05T11:40:12.5Z\"}\n");
    }

    /** Blind restore scored for two models, their ensemble, a refined model and the mean, on 8 synthetic tracks (no audio). */
    static ReportData tinyRestore() {
        SplittableRandom rng = new SplittableRandom(15);
        List<String> ids = new ArrayList<>();
        for (int t = 0; t < 8; t++) ids.add("test" + t + "#0");
        double[][] truth = new double[ids.size()][Param.COUNT];
        for (double[] r : truth) for (int j = 0; j < Param.COUNT; j++) r[j] = 0.05 + 0.9 * rng.nextDouble();
        ReportData.Builder b = ReportData.builder("Tiny restore", new Bootstrap(200, 7)).task(Task.RESTORE);
        for (String model : List.of("cnn", "ast", "ensemble", "cnn + refine")) {
            double sd = switch (model) {
                case "cnn" -> 0.15;
                case "ast" -> 0.18;
                case "ensemble" -> 0.14;
                default -> 0.13;
            };
            double[][] p = new double[truth.length][Param.COUNT];
            for (int i = 0; i < p.length; i++) for (int j = 0; j < Param.COUNT; j++) p[i][j] = truth[i][j] + sd * rng.nextGaussian();
            b.model(Predictions.of(model, ids, Predictions.clamp(p), truth));
        }
        b.baseline(MeanPredictor.ofSampler().predict(Predictions.of("cnn", ids, truth, truth)));
        return b.build();
    }

    @Test
    void indexesEachTasksReportWithItsEnsembleTheBestModelsAndTheTargetVerdict(@TempDir Path work) throws IOException {
        Path root = work.resolve("report");
        // restore: a real report, written by ReportWriter
        ReportData tiny = tinyRestore();
        new ReportWriter().write(root.resolve(TaskIndex.RESTORE), tiny);
        // match-same: a summary in ReportWriter's format, with refined rows and a name that needs escaping
        summary(root, TaskIndex.MATCH_SAME,
                row("cnn", false, 0.0210, 0.0190, 0.0230),
                row("<script>x</script>", false, 0.0195, 0.0180, 0.0210),
                row("ensemble", false, 0.0180, 0.0160, 0.0200),
                row("cnn + refine", false, 0.0150, 0.0140, 0.0160),
                row("ensemble + refine", false, 0.0140, 0.0130, 0.0150),
                row(MeanPredictor.NAME, true, 0.2450, 0.2400, 0.2500));
        // match-other: not run

        Path html = TaskIndex.write(root, TaskIndex.TASKS);
        assertEquals(root.resolve(TaskIndex.HTML), html);
        String page = Files.readString(html);
        String md = Files.readString(root.resolve(TaskIndex.MARKDOWN));

        List<TaskIndex.Row> rows = TaskIndex.read(root, TaskIndex.TASKS);
        assertEquals(TaskIndex.TASKS, rows.stream().map(TaskIndex.Row::task).toList());

        // restore: the ensemble's MAE with its interval, the training mean, no comparison with the target
        String ensemble = tiny.metrics().get("ensemble").mae().format(4);
        TaskIndex.Row restore = rows.get(0);
        assertEquals(TaskIndex.Status.RUN, restore.status());
        assertEquals(tiny.metrics().get("ensemble").mae().value(), restore.ensemble().mae().value(), 1e-12);
        String bestSingle = tiny.metrics().get("cnn").mae().value() < tiny.metrics().get("ast").mae().value() ? "cnn" : "ast";
        assertEquals(bestSingle, restore.bestSingle().model());
        assertEquals("cnn + refine", restore.bestRefined().model());
        for (String doc : List.of(page, md)) {
            assertTrue(doc.contains(ensemble), "restore's ensemble " + ensemble + " in\n" + doc);
            assertTrue(doc.contains(String.format(Locale.ROOT, "%.4f", tiny.metrics().get(MeanPredictor.NAME).mae().value())));
            assertTrue(doc.contains(TaskIndex.RESTORE_VERDICT), doc);
            assertTrue(doc.contains("x = invert(r, p)"), "says what the model hears");
        }

        // match-same: the ensemble meets the target, the best single model is not a refined row or a baseline
        TaskIndex.Row same = rows.get(2);
        assertEquals("<script>x</script>", same.bestSingle().model());
        assertEquals("ensemble + refine", same.bestRefined().model());
        assertEquals(0.2450, same.mean().mae().value(), 1e-12);
        for (String doc : List.of(page, md)) {
            assertTrue(doc.contains("0.0180 [0.0160, 0.0200]"), doc);
            assertTrue(doc.contains("ensemble + refine: 0.0140 [0.0130, 0.0150]"), doc);
            assertTrue(doc.contains("met: ensemble's whole interval is at or below 0.035"), doc);
        }
        assertTrue(page.contains("&lt;script&gt;x&lt;/script&gt;: 0.0195"), "names are escaped");
        assertFalse(page.contains("<script>"), "no raw names in the HTML");

        // the floor: DESIGN.md's phrase where the report measured none
        for (String doc : List.of(page, md)) {
            assertTrue(doc.contains(TaskIndex.floor(TaskIndex.RESTORE)) && doc.contains(TaskIndex.floor(TaskIndex.MATCH_SAME)), doc);
        }

        // match-other: a row that says it was not run, without a link
        assertEquals(TaskIndex.Status.NOT_RUN, rows.get(1).status());
        assertTrue(page.contains("<td>not run (no match-other/results/summary.csv)</td>"), page);
        assertTrue(md.contains("| not run (no match-other/results/summary.csv) |"), md);
        assertTrue(page.contains("<li>match-other: <code>match-other/report.html</code> (not run)</li>"), page);
        assertTrue(md.contains("- match-other: `match-other/report.html` (not run)"), md);
        assertFalse(page.contains("href=\"match-other/"));
        assertTrue(page.indexOf("<td>restore</td>") < page.indexOf(">match-other</td>")
                && page.indexOf(">match-other</td>") < page.indexOf("<td>match-same</td>"), "restore, match-other, match-same");

        // links to each run task's report (to report.md too where it was written)
        assertTrue(md.contains("[restore/report.md](restore/report.md)"), md);
        assertTrue(page.contains("<a href=\"restore/report.md\">restore/report.md</a>"), page);
        assertFalse(md.contains("(match-same/report.md)"), "only files that exist are linked");
        for (String task : List.of(TaskIndex.RESTORE, TaskIndex.MATCH_SAME)) {
            assertTrue(page.contains("<a href=\"" + task + "/report.html\">"), task);
            assertTrue(md.contains("](" + task + "/report.html)"), task);
            assertTrue(Files.isRegularFile(root.resolve(task).resolve("report.html")));
        }

        // the chart, embedded in the page
        Path png = root.resolve(TaskIndex.CHART);
        assertTrue(Files.size(png) > 5_000, "chart is " + Files.size(png) + " bytes");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(900, img.getWidth());
        assertTrue(page.contains("<img src=\"" + TaskIndex.CHART + "\""));
        assertTrue(md.contains("](" + TaskIndex.CHART + ")"));
    }

    /** A report that measured its floor (ReportWriter's floor.csv) shows it, the parameters without one counted as 0. */
    @Test
    void aMeasuredFloorIsShownInsteadOfTheDesignsEstimate(@TempDir Path root) throws IOException {
        summary(root, TaskIndex.MATCH_OTHER, row("ensemble", false, 0.1300, 0.1200, 0.1400));
        Path floor = root.resolve(TaskIndex.MATCH_OTHER).resolve("results/floor.csv");
        StringBuilder csv = new StringBuilder("parameter,quantity,unit,spread,tracks,floor,floor_physical\n");
        for (Param p : Param.all()) {
            boolean none = p == Param.COMP_RATIO || p == Param.REVERB_SEND;
            csv.append(p.id).append(none ? ",none,,,0,,\n" : ",q,dB,1.0,154,0.085,2.0\n");
        }
        Files.writeString(floor, csv);
        TaskIndex.write(root, List.of(TaskIndex.MATCH_OTHER));
        String md = Files.readString(root.resolve(TaskIndex.MARKDOWN));
        assertTrue(md.contains("0.068 (measured; a lower estimate: results/floor.csv)"), md);
        assertFalse(md.contains(TaskIndex.floor(TaskIndex.MATCH_OTHER)), "not the design's phrase");

        Files.writeString(floor, "parameter,floor\nhigh_eq_db,abc\n");
        TaskIndex.write(root, List.of(TaskIndex.MATCH_OTHER));
        md = Files.readString(root.resolve(TaskIndex.MARKDOWN));
        assertTrue(md.contains(TaskIndex.floor(TaskIndex.MATCH_OTHER) + " (results/floor.csv unreadable: line 2: floor = 'abc' is not a number)"), md);
    }

    @Test
    void documentLinksAreEscapedInHtmlAndKeptInMarkdown() {
        Document d = new Document("t").paragraph("see [a <b>](x/r.html?a=1&b=2), not [c](javascript:alert)")
                .bullets(List.of("[\"q\"](https://example.org/p)"));
        assertTrue(d.html().contains("<p>see <a href=\"x/r.html?a=1&amp;b=2\">a &lt;b&gt;</a>, not [c](javascript:alert)</p>"), d.html());
        assertTrue(d.html().contains("<li><a href=\"https://example.org/p\">&quot;q&quot;</a></li>"), d.html());
        assertTrue(d.markdown().contains("see [a <b>](x/r.html?a=1&b=2), not [c](javascript:alert)"), d.markdown());
    }

    @Test
    void verdictsWithoutAnEnsembleAndUnreadableOrMissingSummaries(@TempDir Path root) throws IOException {
        // match-other: no ensemble; the best single model misses, its refinement meets the target
        summary(root, TaskIndex.MATCH_OTHER,
                row("ast", false, 0.0800, 0.0700, 0.0900),
                row("cnn", false, 0.0600, 0.0500, 0.0700),
                row("cnn + refine", false, 0.0300, 0.0250, 0.0360),
                row("mean", true, 0.2500, 0.2400, 0.2600));
        // match-same: a summary without its MAE column
        Path bad = root.resolve("match-same/results/summary.csv");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "model,baseline\nensemble,false\n");
        Files.writeString(root.resolve("match-same").resolve(ReportWriter.PROVENANCE), "{}\n");
        // restore: a summary, but no provenance.json, which a report writes last: its evaluation was interrupted
        summary(root, TaskIndex.RESTORE, row("ensemble", false, 0.1300, 0.1200, 0.1400));
        Files.delete(root.resolve("restore").resolve(ReportWriter.PROVENANCE));
        List<String> asked = List.of(TaskIndex.MATCH_SAME, TaskIndex.MATCH_OTHER, TaskIndex.RESTORE); // any order
        TaskIndex.write(root, asked);
        String page = Files.readString(root.resolve(TaskIndex.HTML));
        String md = Files.readString(root.resolve(TaskIndex.MARKDOWN));
        List<TaskIndex.Row> rows = TaskIndex.read(root, asked);
        assertEquals(TaskIndex.TASKS, rows.stream().map(TaskIndex.Row::task).toList());

        assertEquals(TaskIndex.Status.NOT_RUN, rows.get(0).status());
        TaskIndex.Row other = rows.get(1);
        assertNull(other.ensemble());
        assertEquals("cnn", other.headline().model());
        String verdict = "missed: cnn's whole interval is above 0.035; met with refinement by cnn + refine (0.0300)";
        assertEquals(verdict, TaskIndex.verdict(other, ReportData.TARGET_MAE));
        assertEquals(TaskIndex.Status.UNREADABLE, rows.get(2).status());
        for (String doc : List.of(page, md)) {
            assertTrue(doc.contains("unfinished (no restore/provenance.json: its evaluation was interrupted; run it again)"), doc);
            assertTrue(doc.contains(verdict), doc);
            assertTrue(doc.contains("no ensemble"), doc);
            assertTrue(doc.contains("summary unreadable: match-same/results/summary.csv has no 'mae' column"), doc);
        }
        assertFalse(page.contains("href=\"match-same/"), "no report.html to link to");
        assertTrue(page.contains("<a href=\"match-other/report.html\">"));
        assertTrue(md.contains("| 0123456789ab, 2026-12-05 11:40 UTC |"), "which code wrote each task's report, and when: " + md);
        assertTrue(Files.size(root.resolve(TaskIndex.CHART)) > 5_000);

        // the point-estimate verdicts
        TaskIndex.Row straddles = new TaskIndex.Row("match-same", TaskIndex.Status.RUN, null,
                new TaskIndex.Scored("ensemble", new mixer.evaluation.metrics.Estimate(0.034, 0.030, 0.038)), null, null, null, 40, 40);
        assertEquals("met on ensemble's point estimate (its interval reaches above 0.035)", TaskIndex.verdict(straddles, 0.035));
        TaskIndex.Row near = new TaskIndex.Row("match-same", TaskIndex.Status.RUN, null,
                new TaskIndex.Scored("ensemble", new mixer.evaluation.metrics.Estimate(0.036, 0.032, 0.040)), null, null, null, 40, 40);
        assertEquals("missed on ensemble's point estimate (its interval reaches below 0.035)", TaskIndex.verdict(near, 0.035));

        assertThrows(IllegalArgumentException.class, () -> TaskIndex.write(root, List.of("../elsewhere")));
    }
}

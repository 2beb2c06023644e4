package mixer.evaluation.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mixer.dataset.Task;
import mixer.dsp.io.PngFile;
import mixer.dsp.params.Param;
import mixer.evaluation.metrics.Audibility;
import mixer.evaluation.metrics.Estimate;
import mixer.evaluation.metrics.Floor;
import mixer.evaluation.metrics.ParameterMetrics;
import mixer.training.EpochRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {

    static final List<String> CHARTS = List.of("mae_per_model.png", "error_heatmap.png", "predicted_vs_true.png",
            "training_curves.png", "ensemble_weights.png");

    @Test
    void aTinyRunRendersEveryChartTableAndFile(@TempDir Path work) throws IOException {
        ReportData data = TinyRun.build(work);
        Path dir = work.resolve("report");
        ReportWriter.Report report = new ReportWriter().write(dir, data);

        String html = Files.readString(report.html());
        String md = Files.readString(report.markdown());
        assertEquals(CHARTS.size(), report.charts().size());
        for (String chart : CHARTS) {
            Path png = dir.resolve("charts").resolve(chart);
            assertTrue(Files.size(png) > 5_000, chart + " is " + Files.size(png) + " bytes");
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, chart + " is not a readable PNG");
            assertTrue(img.getWidth() >= 600 && img.getHeight() >= 300, chart + ": " + img.getWidth() + "x" + img.getHeight());
            Map<String, String> text = PngFile.text(png); // a chart copied out of the report still says what made it
            assertTrue(text.get(PngFile.SOFTWARE).startsWith("mixer "), chart + ": " + text);
            assertTrue(text.get("Comment").contains(ReportWriter.PROVENANCE) && !text.get("Title").isBlank(), chart + ": " + text);
            assertTrue(html.contains("<img src=\"charts/" + chart + "\""), "report.html shows " + chart);
            assertTrue(md.contains("](charts/" + chart + ")"), "report.md shows " + chart);
        }
        // the scatter grid is 2 × 5 panels of 340 × 320
        BufferedImage grid = ImageIO.read(dir.resolve("charts/predicted_vs_true.png").toFile());
        assertEquals(5 * 340, grid.getWidth());
        assertEquals(2 * 320, grid.getHeight());

        for (String csv : List.of("summary.csv", "parameters.csv", "mae_per_parameter.csv", "predictions.csv", "audio.csv",
                "audio_examples.csv", "ensemble_weights.csv", "floor.csv", "worst_tracks.csv", "comparisons.csv")) {
            assertTrue(Files.exists(dir.resolve("results").resolve(csv)), csv);
            assertTrue(md.contains("`results/" + csv + "`"), "report.md lists " + csv);
        }
        List<String> summary = Files.readAllLines(dir.resolve("results/summary.csv"));
        assertEquals("model,baseline,examples,tracks,mae,mae_low,mae_high,rmse,median_abs_error", summary.get(0));
        assertEquals(1 + 4, summary.size(), "cnn, ast, ensemble, mean");
        List<String> params = Files.readAllLines(dir.resolve("results/parameters.csv"));
        assertEquals(1 + 4 * Param.COUNT, params.size());
        List<String> wide = Files.readAllLines(dir.resolve("results/mae_per_parameter.csv"));
        assertEquals("parameter,cnn,ast,ensemble,mean", wide.get(0));
        assertEquals(1 + Param.COUNT, wide.size());
        List<String> predictions = Files.readAllLines(dir.resolve("results/predictions.csv"));
        assertEquals(1 + 4 * 6, predictions.size());
        assertEquals(5 * 6 + 1, Files.readAllLines(dir.resolve("results/audio_examples.csv")).size(), "4 models and do nothing");

        // tables: every model in the overall table, every parameter in the per-parameter tables
        for (String model : List.of("cnn", "ast", "ensemble", "mean", "do nothing")) assertTrue(md.contains("| " + model + " |"), model);
        for (Param p : Param.all()) assertTrue(html.contains("<td>" + p.id + "</td>"), p.id);
        assertTrue(md.contains("**Best model: "), md);
        assertTrue(html.contains("<strong>Best model: "));
        assertFalse(html.contains("**"), "no raw Markdown in the HTML");

        JsonNode prov = new ObjectMapper().readTree(report.provenance().toFile());
        assertTrue(prov.hasNonNull("git_commit"));
        assertEquals(7, prov.get("bootstrap_seed").asInt());
        assertEquals("0123abcd", prov.get("dataset_sha256").asText());
        assertEquals(6, prov.get("test_tracks").asInt());
        assertTrue(md.contains("| bootstrap_seed | 7 |"));

        List<String> written;
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            written = files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/')).sorted().toList();
        }
        assertEquals(ReportWriter.FILES.stream().sorted().toList(), written, "ReportWriter.FILES lists every file a report writes");
    }

    /**
     * Issue 14 item 6: the report names the task, says where the target is compared, and gives per parameter the
     * MAE in both units, the mean's, skill, the floor and the MAE where audible; item 7: the 5 worst tracks per model.
     */
    @Test
    void blindRestoreIsReportedWithSkillFloorAudibleErrorAndWorstTracks(@TempDir Path work) throws IOException {
        ReportData data = TinyRun.build(work);
        Path dir = work.resolve("report");
        String md = Files.readString(new ReportWriter().write(dir, data).markdown());
        assertTrue(md.contains("**Best model: ") && md.contains("on blind restore, MAE ") && md.contains("skill "), md);
        assertTrue(md.contains("Task: blind restore (the model hears only x = invert(r, p)"), md);
        assertTrue(md.contains("The 0.035 target is compared on the match tasks (a reference beside the input), not here"), md);
        assertFalse(md.contains("MAE ≤ target"), "no target column on blind restore");
        assertTrue(md.contains("| parameter | MAE | MAE in unit | training mean | skill | floor | floor in unit | MAE where audible |"), md);
        ParameterMetrics ens = data.metrics().get("ensemble"), mean = data.meanBaseline();
        Param p = Param.MID_EQ_DB;
        Floor.Entry floor = data.floor().get(p);
        Estimate skill = ens.skillInterval(p, mean);
        assertEquals(ens.skill(p, mean), skill.value(), 1e-12);
        assertTrue(skill.low() < skill.value() && skill.value() < skill.high(), "an interval around the skill: " + skill.format(3));
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| mid_eq_db | %.4f | %.2f dB | %.4f | %s | %.3f | %.2f dB |",
                ens.mae(p).value(), ens.maePhysical(p).value(), mean.mae(p).value(), skill.format(3), floor.floor(),
                floor.floorPhysical())), md);
        assertTrue(md.contains("| comp_ratio | none (no single quantity carries it) |"), md);
        assertTrue(md.contains(Audibility.RULES.get(Param.DELAY_SEND)), md);
        assertTrue(md.contains(data.floor().method()), md);
        // the 5 worst rows per model and ranking, worst first
        List<String> worst = Files.readAllLines(dir.resolve("results/worst_tracks.csv"));
        assertEquals("model,ranked_by,rank,example_id,mae,worst_parameter,worst_predicted,worst_true,mix_over_raw_distance,"
                + "loudness_error_lu", worst.get(0));
        assertEquals(1 + 3 * 2 * 5, worst.size(), "cnn, ast, ensemble; by MAE and by mix");
        double[] mae = worst.stream().filter(l -> l.startsWith("cnn,mae,")).mapToDouble(l -> Double.parseDouble(l.split(",")[4])).toArray();
        for (int i = 1; i < mae.length; i++) assertTrue(mae[i] <= mae[i - 1], "worst first: " + worst);
        assertTrue(md.contains("## Worst tracks"), md);
        List<String> params = Files.readAllLines(dir.resolve("results/parameters.csv"));
        assertTrue(params.get(0).endsWith(",skill,skill_low,skill_high,mae_audible,audible_rows"), params.get(0));
    }

    /** Issue 14: the ensemble against its best member, with the paired interval that says whether it is beyond the noise. */
    @Test
    void theEnsembleIsComparedWithItsBestMemberOnTheSameRows(@TempDir Path work) throws IOException {
        ReportData data = TinyRun.build(work);
        Path dir = work.resolve("report");
        String md = Files.readString(new ReportWriter().write(dir, data).markdown());
        String best = data.metrics().get("cnn").mae().value() <= data.metrics().get("ast").mae().value() ? "cnn" : "ast";
        List<String> rows = Files.readAllLines(dir.resolve("results/comparisons.csv"));
        assertEquals("model,against,difference,difference_low,difference_high,against_mae,relative,better_beyond_noise", rows.get(0));
        assertEquals(2, rows.size(), "the ensemble against its best member; no refined rows here");
        String[] row = rows.get(1).split(",");
        assertEquals("ensemble", row[0]);
        assertEquals(best, row[1]);
        // on the same rows the mean of the differences is the difference of the means
        double expected = data.metrics().get("ensemble").mae().value() - data.metrics().get(best).mae().value();
        assertEquals(expected, Double.parseDouble(row[2]), 1e-12);
        assertTrue(Double.parseDouble(row[3]) <= expected && expected <= Double.parseDouble(row[4]), rows.get(1));
        assertEquals(Double.parseDouble(row[4]) < 0, Boolean.parseBoolean(row[7]));
        assertTrue(md.contains("| ensemble − " + best + " | "), md);
    }

    /** Issue 12 item 16: every bundle was packed into one provenance cell, the AST's as "AstRegressor@d60cbad". */
    @Test
    void modelBundlesAreOneReadableRowEach(@TempDir Path work) throws IOException {
        ReportData full = TinyRun.build(work);
        ReportData.Builder b = ReportData.builder("Bundles", full.bootstrap()).model(full.predictions("cnn")).model(full.predictions("ast"));
        java.util.Map<String, Object> cnn = new java.util.LinkedHashMap<>();
        cnn.put("architecture", "BaselineCnn[width=16, dense=64]");
        cnn.put("parameters", 65178);
        cnn.put("seed", 1);
        cnn.put("best_epoch", 12);
        cnn.put("epochs_run", 20);
        cnn.put("stopped_early", true);
        cnn.put("best_val_mae", 0.20912);
        cnn.put("dataset", java.util.Map.of("manifest", "/data/dataset/manifest.csv", "manifest_sha256", "0123456789abcdef0123"));
        cnn.put("provenance", java.util.Map.of("git_commit", "77f8f62aaaaabbbbcccc", "created_utc", "2026-11-30T10:00:00Z"));
        cnn.put("device", "cpu (nd4j-native onednn-avx2, 2 threads, 2 processors)");
        cnn.put("wall_seconds", 612.4);
        b.modelBundle("cnn", cnn);
        b.modelBundle("ast", java.util.Map.of("architecture", "mixer.training.models.AstRegressor@d60cbad", "parameters", 146954));
        ReportWriter.Report report = new ReportWriter().write(work.resolve("bundles"), b.build());
        String md = Files.readString(report.markdown());
        assertTrue(md.contains("| cnn | BaselineCnn[width=16, dense=64] | 65,178 | 1 | best 12 of 20, stopped early | 0.2091 | "
                + "/data/dataset/manifest.csv (SHA-256 0123456789ab…) | 2026-11-30 10:00 UTC, commit 77f8f62aaaaa…, cpu | 612 s |"), md);
        assertTrue(md.contains("| ast | AstRegressor (configuration not recorded) | 146,954 |"), md);
        assertFalse(md.contains("@d60cbad") || md.contains("| model_bundles |"), md);
        JsonNode prov = new ObjectMapper().readTree(report.provenance().toFile());
        assertEquals("BaselineCnn[width=16, dense=64]", prov.at("/model_bundles/cnn/architecture").asText(), "provenance.json keeps it whole");
    }

    @Test
    void optionalPartsAreSaidToBeMissing(@TempDir Path work) throws IOException {
        ReportData full = TinyRun.build(work);
        ReportData.Builder b = ReportData.builder("Parameters only", full.bootstrap());
        b.model(full.predictions("cnn")).baseline(full.predictions("mean"));
        new ReportWriter().write(work.resolve("small"), full); // an earlier, whole report in the same folder
        ReportWriter.Report report = new ReportWriter().write(work.resolve("small"), b.build());
        String md = Files.readString(report.markdown());
        assertTrue(md.contains("No audio metrics in this run."));
        assertTrue(md.contains("No ensemble in this run."));
        assertTrue(md.contains("No training histories given."));
        assertEquals(3, report.charts().size());
        for (String earlier : List.of("charts/ensemble_weights.png", "results/ensemble_weights.csv", "results/floor.csv", "results/audio.csv")) {
            assertFalse(Files.exists(work.resolve("small").resolve(earlier)), "the earlier report's " + earlier + " is gone");
        }
    }

    @Test
    void theAudioSectionSaysWhatTheTaskCompared(@TempDir Path work) throws IOException {
        ReportData full = TinyRun.build(work);
        String restore = Files.readString(new ReportWriter().write(work.resolve("restore"), full).markdown());
        assertTrue(restore.contains("Restore task: each test input rendered with the predicted settings"), restore);
        ReportData.Builder b = ReportData.builder("Estimate", full.bootstrap()).task(Task.ESTIMATE).audio(full.audio());
        for (String m : List.of("cnn", "ast")) b.model(full.predictions(m));
        ReportWriter.Report estimate = new ReportWriter().write(work.resolve("estimate"), b.build());
        String md = Files.readString(estimate.markdown());
        assertTrue(md.contains("Estimate task: each test input's finished source rendered with the predicted settings"), md);
        assertTrue(md.contains("`do nothing` is the unprocessed source itself."), md);
        assertTrue(md.contains("Target: MAE ≤ 0.035.") && md.contains("Task: estimate"), md);
        assertEquals("estimate", new ObjectMapper().readTree(estimate.provenance().toFile()).get("task").asText());
    }

    @Test
    void historiesComeFromTheTrainersCsv() {
        double[] per = new double[Param.COUNT];
        List<EpochRecord> run = List.of(new EpochRecord(1, 0.3, 0.21, 40.5, 0.001, per),
                new EpochRecord(2, 0.2, Double.NaN, 41, 0.0005, per));
        TrainingHistory h = TrainingHistory.of("cnn", EpochRecord.fromCsv(EpochRecord.toCsv(run)));
        assertArrayEquals(new int[] {1, 2}, h.epoch());
        assertArrayEquals(new double[] {0.001, 0.0005}, h.lr());
        assertTrue(Double.isNaN(h.valMae()[1]), "an epoch without validation");
        assertEquals(0.21, h.bestValMae());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EpochRecord.fromCsv("epoch,loss\n1,0.3\n"));
        assertTrue(e.getMessage().contains("not a mixer training history"), e.getMessage());
    }

    /** A stage the rate bypasses in every row has the neutral target, which the training mean predicts exactly. */
    @Test
    void aSkillAgainstAnExactMeanIsUndefinedNotInfinite(@TempDir Path work) throws IOException {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        List<String> ids = new java.util.ArrayList<>();
        for (int t = 0; t < 20; t++) ids.add("track" + t + "#0");
        double[][] truth = new double[ids.size()][Param.COUNT], predicted = new double[ids.size()][Param.COUNT];
        for (int i = 0; i < ids.size(); i++) {
            for (int j = 0; j < Param.COUNT; j++) {
                truth[i][j] = j == Param.AIR_DB.ordinal() ? 0.5 : rng.nextDouble();
                predicted[i][j] = Math.min(1, Math.max(0, truth[i][j] + 0.05 * rng.nextGaussian()));
            }
        }
        mixer.evaluation.Predictions cnn = mixer.evaluation.Predictions.of("cnn", ids, predicted, truth);
        ReportData data = ReportData.builder("bypassed air", mixer.evaluation.metrics.Bootstrap.withSeed(3)).model(cnn)
                .baseline(mixer.evaluation.metrics.MeanPredictor.ofSampler().predict(cnn)).build();
        ParameterMetrics m = data.metrics().get("cnn");
        assertTrue(Double.isNaN(m.skill(Param.AIR_DB, data.meanBaseline())));
        assertTrue(Double.isNaN(m.skillInterval(Param.AIR_DB, data.meanBaseline()).value()));
        assertTrue(m.skill(Param.HIGH_EQ_DB, data.meanBaseline()) > 0.5);

        String md = Files.readString(new ReportWriter().write(work.resolve("report"), data).markdown());
        assertFalse(md.contains("Infinity") || md.contains("NaN"), md);
        assertTrue(md.matches("(?s).*\\| air_db \\| [0-9.]+ \\| [0-9.]+ dB \\| 0\\.0000 \\| — \\|.*"), md);
        assertTrue(md.contains("the floor (none here: the dataset has no training tracks to estimate it from"), "blind restore has a floor, not these rows: " + md);
    }

    @Test
    void theNinthModelInTheScatterHasTheFirstOnesColourAndAnotherMarker() {
        List<String> models = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) models.add("m" + i);
        models.add("mean");
        Charts charts = new Charts(models, List.of("mean"));
        assertEquals(charts.colour("m0"), charts.colour("m8"));
        assertFalse(charts.marker("m0").equals(charts.marker("m8")));
        for (int i = 1; i < 8; i++) {
            assertFalse(charts.colour("m0").equals(charts.colour("m" + i)));
            assertEquals(charts.marker("m0"), charts.marker("m" + i));
        }
    }
}

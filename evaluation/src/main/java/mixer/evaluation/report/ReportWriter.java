package mixer.evaluation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import mixer.dataset.FinishedLevel;
import mixer.dataset.Task;
import mixer.dsp.analysis.MultiResolutionStft;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.params.Param;
import mixer.dsp.provenance.Provenance;
import mixer.evaluation.PredictionsCsv;
import mixer.evaluation.Refinement;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.AudioMetrics;
import mixer.evaluation.metrics.Audibility;
import mixer.evaluation.metrics.Estimate;
import mixer.evaluation.metrics.Floor;
import mixer.evaluation.metrics.PairedDifference;
import mixer.evaluation.metrics.ParameterMetrics;
import mixer.training.EnsembleBundle;
import mixer.training.WeightedEnsemble;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a report folder:
 * <pre>
 * report.md, report.html      the same content; the HTML shows the charts inline (relative paths)
 * provenance.json             code version, Java, OS, time, bootstrap seed, and the caller's entries
 * charts/mae_per_model.png    overall MAE per model, 95 % intervals, the 0.035 target line
 * charts/error_heatmap.png    models × parameters MAE
 * charts/predicted_vs_true.png  one scatter panel per parameter
 * charts/training_curves.png  training loss and validation MAE per epoch (when histories are given)
 * charts/ensemble_weights.png stacked weights per parameter (when an ensemble is given)
 * results/summary.csv         one row per model: MAE with interval, RMSE, median
 * results/comparisons.csv     paired differences: the ensemble against its best member, refined against unrefined
 * results/parameters.csv      one row per model and parameter: MAE (normalised, physical) with intervals, RMSE, median
 * results/mae_per_parameter.csv  parameters × models, normalised MAE
 * results/predictions.csv     every prediction next to its truth ({@link PredictionsCsv})
 * results/audio.csv, audio_examples.csv  audio metrics per model (with intervals) and per example
 * results/ensemble_weights.csv  parameters × members
 * results/floor.csv           per parameter: the quantity that carries it, its spread, the blind floor (restore)
 * results/worst_tracks.csv    the 5 worst rows per model, by MAE and by the mix against the raw input
 * </pre>
 * Every file is written atomically; an existing report in the folder is overwritten file by file.
 */
public final class ReportWriter {

    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";
    /** Written last: a report folder without it is unfinished (its evaluation was interrupted). */
    public static final String PROVENANCE = "provenance.json";

    /**
     * Every file a report may write in its folder (ReportWriterTest checks the list against a full report): a report
     * removes them before it writes, and only them (the tasks' index may share the folder).
     */
    static final List<String> FILES = List.of(PROVENANCE, MARKDOWN, HTML,
            "charts/mae_per_model.png", "charts/error_heatmap.png", "charts/predicted_vs_true.png", "charts/training_curves.png",
            "charts/ensemble_weights.png", "results/summary.csv", "results/comparisons.csv", "results/parameters.csv",
            "results/mae_per_parameter.csv", "results/floor.csv", "results/predictions.csv", "results/audio.csv",
            "results/audio_examples.csv", "results/worst_tracks.csv", "results/ensemble_weights.csv");

    /** What was written, as paths inside the report folder. */
    public record Report(Path dir, Path markdown, Path html, Path provenance, List<Path> charts, List<Path> results) {
    }

    public Report write(Path dir, ReportData data) throws IOException {
        long start = System.nanoTime();
        clearEarlierReport(dir);
        Files.createDirectories(dir.resolve("charts"));
        Files.createDirectories(dir.resolve("results"));
        Charts charts = new Charts(data.models(), data.baselines());
        List<Path> chartFiles = new ArrayList<>();
        List<Path> resultFiles = new ArrayList<>();
        ParameterMetrics any = data.metrics().values().iterator().next();

        Document doc = new Document(data.title());
        doc.paragraph(summarySentence(data));
        doc.paragraph(String.format(Locale.ROOT, "Task: %s. %d test examples from %d tracks. Errors are normalised (a fraction "
                        + "of each parameter's range) unless a unit is given; intervals are 95 %% percentile bootstrap "
                        + "intervals over tracks (%d resamples, seed %d). Skill is 1 - MAE / the training mean's MAE on the "
                        + "same rows (0: no better than predicting the mean). %s", taskSentence(data), any.examples(), any.tracks(),
                data.bootstrap().replicates(), data.bootstrap().seed(), targetSentence(data)));

        // overall
        doc.heading("Parameter error per model");
        doc.table(overallTable(data));
        chartFiles.add(chart(dir, "mae_per_model.png", charts.maePerModel(data.metrics(), data.chartLine())));
        doc.image("charts/mae_per_model.png", "MAE per model with 95 % intervals" + (data.chartLine() == null ? "" : " and the "
                + data.chartLine().label()));
        resultFiles.add(csv(dir, "summary.csv", summaryCsv(data)));
        List<PairedDifference> comparisons = comparisons(data);
        if (!comparisons.isEmpty()) {
            doc.paragraph("Paired comparisons: the first model's MAE minus the second's on the same rows, with a 95 % paired "
                    + "bootstrap interval over tracks (both models' rows of a drawn track drawn together, so what they share "
                    + "cancels) and the difference relative to the second's MAE. An interval wholly below 0 is a gain beyond "
                    + "the noise of the test split; the ensemble is compared with its member of lowest test MAE.");
            doc.table(comparisonTable(comparisons));
            resultFiles.add(csv(dir, "comparisons.csv", comparisonsCsv(comparisons)));
        }

        // per parameter
        doc.heading("Error per parameter");
        doc.paragraph("Normalised MAE with its 95 % interval:");
        doc.table(perParameterTable(data, false));
        doc.paragraph("The same in physical units (dB, compression ratio, send level, width):");
        doc.table(perParameterTable(data, true));
        chartFiles.add(chart(dir, "error_heatmap.png", charts.errorHeatMap(data.metrics())));
        doc.image("charts/error_heatmap.png", "heat map of MAE per model and parameter");
        resultFiles.add(csv(dir, "parameters.csv", parametersCsv(data)));
        resultFiles.add(csv(dir, "mae_per_parameter.csv", maePerParameterCsv(data)));

        // what each parameter reaches: against the mean, the floor, and where its stage can be heard
        String headline = headlineModel(data);
        if (headline != null && data.meanBaseline() != null) {
            doc.heading("Per parameter: skill, floor, audible stages");
            doc.paragraph("The " + headline + " on " + data.taskName() + ": MAE normalised and in each parameter's unit, the "
                    + "training mean's MAE on the same rows, skill (1 - MAE / the mean's; its 95 % interval paired: both MAEs from "
                    + "the same drawn tracks), "
                    + (data.floor() == null ? (data.task() == mixer.dataset.Task.RESTORE || data.task() == mixer.dataset.Task.MATCH_OTHER
                            ? "the floor (none here: the dataset has no training tracks to estimate it from: \"—\"), "
                            : "the floor (none is estimated for this task: \"—\"), ")
                            : "the floor estimated from how the training tracks' measures spread (method below), ")
                    + "and the MAE on the rows where the stage is audible at all "
                    + "(rule below; the number of such rows in brackets).");
            doc.table(parameterSummaryTable(data, headline));
            doc.paragraph("Skill of every model per parameter:");
            doc.table(skillTable(data));
            if (!data.audible().isEmpty()) {
                doc.paragraph("MAE on the rows where the stage is audible, per model, and the rule that decides it "
                        + "(`mixer.evaluation.metrics.Audibility`):");
                doc.table(audibleTable(data));
            }
        }
        if (data.floor() != null) {
            doc.heading("The floor of " + data.taskName());
            doc.paragraph(data.floor().method() + String.format(Locale.ROOT, " Measured on %d training tracks; overall floor %.3f "
                    + "(mean over the %d estimated parameters %.3f).", data.floor().tracks(), data.floor().overall(),
                    estimatedCount(data.floor()), estimatedMean(data.floor())));
            doc.table(floorTable(data.floor()));
            resultFiles.add(csv(dir, "floor.csv", floorCsv(data.floor())));
        }

        doc.heading("Predicted against true");
        Path scatter = dir.resolve("charts/predicted_vs_true.png");
        Charts.writeGrid(charts.scatter(data.predictions()), 2, 5, scatter);
        chartFiles.add(scatter);
        doc.image("charts/predicted_vs_true.png", "predicted against true value, one panel per parameter");
        Path predictionsFile = dir.resolve("results/predictions.csv");
        PredictionsCsv.write(predictionsFile, data.predictions());
        resultFiles.add(predictionsFile);

        // audio
        doc.heading(switch (data.task()) {
            case RESTORE -> "Audio: the mix against the finished original";
            case ESTIMATE -> "Audio: the source rendered with the estimate against the mix";
            case MATCH_SAME, MATCH_OTHER -> "Audio: the mix against the input rendered with the true settings";
        });
        if (data.audio() == null) {
            doc.paragraph("No audio metrics in this run.");
        } else {
            String what = switch (data.task()) {
                case RESTORE -> "Restore task: each test input rendered with the predicted settings (safety limiter "
                        + "bypassed), compared with the finished original";
                case ESTIMATE -> "Estimate task: each test input's finished source rendered with the predicted settings "
                        + "(safety limiter bypassed), compared with the mix the model heard";
                case MATCH_SAME, MATCH_OTHER -> "Match task: each test input rendered with the predicted settings (safety limiter "
                        + "bypassed), compared with the input rendered with the true settings (for match same, the reference itself)";
            };
            String raw = data.task() == Task.RESTORE || data.task().hasReference() ? "the raw input" : "the unprocessed source";
            doc.paragraph(what + ": multi-resolution STFT distance (FFT sizes "
                    + join(MultiResolutionStft.DEFAULT_FFT_SIZES) + "; spectral convergence + log-magnitude L1; 0 is "
                    + "identical), absolute integrated-loudness error, and the share of mixes (test rows) that end closer to "
                    + "their reference than " + raw + " is. `" + AudioEvaluation.DO_NOTHING + "` is " + raw + " itself."
                    + (data.task() == Task.RESTORE ? String.format(Locale.ROOT, " As `mixer mix` does, a mix louder than "
                    + "any finished training track (%.1f LUFS) is rendered with the output level that brings it down to "
                    + "that (\"level kept\": how many mixes).", FinishedLevel.LOUDEST_LUFS) : ""));
            doc.table(audioTable(data.audio()));
            resultFiles.add(csv(dir, "audio.csv", audioCsv(data.audio())));
            resultFiles.add(csv(dir, "audio_examples.csv", audioExamplesCsv(data.audio())));
        }

        // the worst rows: one bad mix is what a user hears
        doc.heading("Worst tracks");
        doc.paragraph(String.format(Locale.ROOT, "The %d rows with the largest parameter MAE per model, with the parameter "
                + "furthest off (predicted against true, in its unit):", WorstTracks.COUNT));
        doc.table(worstByMaeTable(data));
        if (data.audio() != null) {
            doc.paragraph(String.format(Locale.ROOT, "The %d mixes per model furthest from the original relative to the raw "
                    + "input (STFT distance of the mix over that of the raw input: above 1, the mix is further from the "
                    + "original than doing nothing), with the mix's loudness error:", WorstTracks.COUNT));
            doc.table(worstByMixTable(data));
        }
        resultFiles.add(csv(dir, "worst_tracks.csv", worstCsv(data)));

        // ensemble
        doc.heading("Ensemble");
        if (data.ensemble() == null) {
            doc.paragraph("No ensemble in this run.");
        } else {
            EnsembleBundle e = data.ensemble();
            doc.paragraph(String.format(Locale.ROOT, "Weights per parameter, non-negative and summing to one, fitted to "
                    + "minimise MAE on %d validation examples from %d tracks. Members: %s.", e.validationRows(),
                    e.validationTracks(), String.join(", ", e.ensemble().models())));
            doc.table(ensembleTable(e));
            chartFiles.add(chart(dir, "ensemble_weights.png", charts.ensembleWeights(e.ensemble())));
            doc.image("charts/ensemble_weights.png", "ensemble weights per parameter");
            resultFiles.add(csv(dir, "ensemble_weights.csv", ensembleCsv(e.ensemble())));
        }

        // training
        doc.heading("Training curves");
        if (data.histories().isEmpty()) {
            doc.paragraph("No training histories given.");
        } else {
            doc.table(trainingTable(data.histories()));
            Path curves = dir.resolve("charts/training_curves.png");
            Charts.writeGrid(charts.trainingCurves(data.histories(), data.chartLine()), 1, 2, curves);
            chartFiles.add(curves);
            doc.image("charts/training_curves.png", "training loss and validation MAE per epoch");
        }

        // provenance and files
        Map<String, Object> prov = new LinkedHashMap<>(Provenance.now().asMap());
        prov.put("task", data.task().id());
        if (data.floor() != null) prov.put("floor_tracks", data.floor().tracks());
        prov.put("bootstrap_replicates", data.bootstrap().replicates());
        prov.put("bootstrap_seed", data.bootstrap().seed());
        prov.put("target_mae", data.targetMae());
        prov.put("test_examples", any.examples());
        prov.put("test_tracks", any.tracks());
        prov.put("models", data.models());
        prov.putAll(data.provenance());
        prov.put("report_wall_seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
        Path provFile = dir.resolve(PROVENANCE);
        doc.heading("Provenance");
        doc.table(provenanceTable(prov));
        if (prov.get(ReportData.MODEL_BUNDLES) instanceof Map<?, ?> bundles && !bundles.isEmpty()) {
            doc.paragraph("The model bundles scored, one row each (their whole provenance is in `provenance.json`):");
            doc.table(bundlesTable(bundles));
        }
        doc.heading("Files");
        List<String> files = new ArrayList<>();
        files.add("`" + PROVENANCE + "`");
        for (Path p : resultFiles) files.add("`" + dir.relativize(p).toString().replace('\\', '/') + "`");
        doc.bullets(files);

        Path md = dir.resolve(MARKDOWN);
        Path html = dir.resolve(HTML);
        AtomicFiles.writeString(md, doc.markdown());
        AtomicFiles.writeString(html, doc.html());
        AtomicFiles.writeString(provFile, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(prov) + "\n");
        return new Report(dir, md, html, provFile, List.copyOf(chartFiles), List.copyOf(resultFiles));
    }

    /**
     * An IOException, before any work, when {@code dir} holds a report's top-level files that no mixer report wrote (a
     * user's own report.md or provenance.json): a report deletes and replaces them, and it did so without a word.
     */
    public static void refuseOthersFiles(Path dir) throws IOException {
        List<String> held = java.util.stream.Stream.of(PROVENANCE, MARKDOWN, HTML).filter(f -> Files.exists(dir.resolve(f))).toList();
        if (held.isEmpty() || isReport(dir.resolve(PROVENANCE))) return;
        throw new IOException(dir + ": holds " + String.join(", ", held) + ", which no mixer report made (it has no "
                + PROVENANCE + " of one) and a report would replace; give --out an empty or new folder (or remove them, if an "
                + "interrupted report left them)");
    }

    /** Whether a provenance.json is a report's: the bootstrap that every report records. */
    private static boolean isReport(Path provenance) {
        try {
            return Files.isRegularFile(provenance) && new ObjectMapper().readTree(provenance.toFile()).has("bootstrap_seed");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A report replaces the earlier one whole: a file the earlier one wrote and this one does not (a floor, an audio
     * table, a chart) would be read as this report's (the tasks' index reads {@code results/}). Its record goes first and
     * comes back last, so an interrupted report is never taken for a finished one.
     */
    private static void clearEarlierReport(Path dir) throws IOException {
        for (String file : FILES) Files.deleteIfExists(dir.resolve(file));
    }

    private static String summarySentence(ReportData data) {
        List<String> candidates = data.candidates();
        if (candidates.isEmpty()) return "Only baselines in this report.";
        String best = candidates.get(0);
        for (String m : candidates) {
            if (data.metrics().get(m).mae().value() < data.metrics().get(best).mae().value()) best = m;
        }
        Estimate e = data.metrics().get(best).mae();
        if (!data.comparesTarget()) {
            ParameterMetrics mean = data.meanBaseline();
            return String.format(Locale.ROOT, "**Best model: %s** on %s, MAE %s%s%s.", best, data.taskName(), e.format(4),
                    mean == null ? "" : String.format(Locale.ROOT, ", skill %.3f against the training mean's %.4f",
                            data.metrics().get(best).skill(mean), mean.mae().value()),
                    data.floor() == null ? "" : String.format(Locale.ROOT, "; estimated floor %.3f", data.floor().overall()));
        }
        String verdict;
        if (e.high() <= data.targetMae()) verdict = "meets the target: its whole interval is at or below";
        else if (e.value() <= data.targetMae()) verdict = "meets the target on the point estimate (its interval reaches above it)";
        else if (e.low() <= data.targetMae()) verdict = "misses the target on the point estimate, though its interval reaches below";
        else verdict = "misses the target";
        return String.format(Locale.ROOT, "**Best model: %s**, MAE %s, %s %.3f.", best, e.format(4), verdict, data.targetMae());
    }

    /** What the model heard and predicted, in a phrase. */
    private static String taskSentence(ReportData data) {
        return data.task().describe();
    }

    /** Where the 0.035 target is compared. */
    static String targetSentence(ReportData data) {
        return data.comparesTarget() ? String.format(Locale.ROOT, "Target: MAE ≤ %.3f.", data.targetMae())
                : String.format(Locale.ROOT, "The %.3f target is compared on the match tasks (a reference beside the input), not here: "
                + "blind restore cannot reach it, because finished music itself varies (see its floor).", data.targetMae());
    }

    /** The model the per-parameter summary is about: the ensemble, else the best non-baseline. */
    private static String headlineModel(ReportData data) {
        if (data.models().contains(WeightedEnsemble.NAME)) return WeightedEnsemble.NAME;
        return data.candidates().stream().min(java.util.Comparator.comparingDouble(m -> data.metrics().get(m).mae().value()))
                .orElse(null);
    }

    private static Table overallTable(ReportData data) {
        StringColumn model = StringColumn.create("model"), kind = StringColumn.create("kind"),
                mae = StringColumn.create("MAE [95 % interval]"), rmse = StringColumn.create("RMSE"),
                median = StringColumn.create("median abs. error"), skill = StringColumn.create("skill"),
                target = StringColumn.create("MAE ≤ target");
        ParameterMetrics mean = data.meanBaseline();
        for (Map.Entry<String, ParameterMetrics> en : data.metrics().entrySet()) {
            ParameterMetrics m = en.getValue();
            model.append(en.getKey());
            kind.append(kind(data, en.getKey()));
            mae.append(m.mae().format(4));
            rmse.append(f(m.rmse(), 4));
            median.append(f(m.median(), 4));
            skill.append(mean == null ? "—" : f(m.skill(mean), 3));
            target.append(m.mae().value() <= data.targetMae() ? "yes" : "no");
        }
        Table t = Table.create("overall", model, kind, mae, rmse, median, skill);
        return data.comparesTarget() ? t.addColumns(target) : t;
    }

    /**
     * The comparisons a reader asks for: the ensemble against its best member (by test MAE), as predicted and after each
     * step with the exact chain both were taken through; and each such step against the model without it.
     */
    static List<PairedDifference> comparisons(ReportData data) {
        List<PairedDifference> out = new ArrayList<>();
        List<String> models = data.models();
        String ensemble = WeightedEnsemble.NAME;
        List<String> steps = List.of(Refinement.SECOND_STAGE, Refinement.SUFFIX);
        if (models.contains(ensemble)) {
            List<String> members = data.ensemble() != null ? data.ensemble().ensemble().models()
                    : data.candidates().stream().filter(m -> !m.equals(ensemble) && steps.stream().noneMatch(m::endsWith)).toList();
            for (String variant : List.of("", Refinement.SECOND_STAGE, Refinement.SUFFIX, Refinement.SECOND_STAGE + Refinement.SUFFIX)) {
                if (!models.contains(ensemble + variant)) continue;
                members.stream().map(m -> m + variant).filter(models::contains)
                        .min(java.util.Comparator.comparingDouble(m -> data.metrics().get(m).mae().value()))
                        .ifPresent(best -> out.add(PairedDifference.of(data.predictions(ensemble + variant), data.predictions(best), data.bootstrap())));
            }
        }
        for (String m : models) {
            for (String step : steps) {
                if (!m.endsWith(step)) continue;
                String base = m.substring(0, m.length() - step.length());
                if (models.contains(base)) out.add(PairedDifference.of(data.predictions(m), data.predictions(base), data.bootstrap()));
            }
        }
        return out;
    }

    private static Table comparisonTable(List<PairedDifference> comparisons) {
        StringColumn what = StringColumn.create("comparison"), diff = StringColumn.create("MAE difference [95 % paired interval]"),
                rel = StringColumn.create("relative"), beyond = StringColumn.create("better beyond the noise");
        for (PairedDifference d : comparisons) {
            what.append(d.model() + " − " + d.against());
            diff.append(d.difference().format(4));
            rel.append(String.format(Locale.ROOT, "%+.1f %%", 100 * d.relative()));
            beyond.append(d.betterBeyondNoise() ? "yes" : "no");
        }
        return Table.create("comparisons", what, diff, rel, beyond);
    }

    private static Table comparisonsCsv(List<PairedDifference> comparisons) {
        StringColumn model = StringColumn.create("model"), against = StringColumn.create("against");
        DoubleColumn diff = DoubleColumn.create("difference"), lo = DoubleColumn.create("difference_low"),
                hi = DoubleColumn.create("difference_high"), base = DoubleColumn.create("against_mae"),
                rel = DoubleColumn.create("relative");
        BooleanColumn beyond = BooleanColumn.create("better_beyond_noise");
        for (PairedDifference d : comparisons) {
            model.append(d.model());
            against.append(d.against());
            diff.append(d.difference().value());
            lo.append(d.difference().low());
            hi.append(d.difference().high());
            base.append(d.againstMae());
            rel.append(d.relative());
            beyond.append(d.betterBeyondNoise());
        }
        return Table.create("comparisons", model, against, diff, lo, hi, base, rel, beyond);
    }

    private static String kind(ReportData data, String model) {
        if (data.baselines().contains(model)) return "baseline";
        if (model.equals(WeightedEnsemble.NAME)) return "ensemble";
        return "model";
    }

    private static Table perParameterTable(ReportData data, boolean physical) {
        StringColumn param = StringColumn.create("parameter");
        StringColumn unit = StringColumn.create("unit");
        List<StringColumn> cols = new ArrayList<>();
        for (String m : data.models()) cols.add(StringColumn.create(m));
        for (Param p : Param.all()) {
            param.append(p.id);
            unit.append(physical ? unitOf(p) : "");
            for (int k = 0; k < cols.size(); k++) {
                ParameterMetrics pm = data.metrics().get(data.models().get(k));
                cols.get(k).append(physical ? pm.maePhysical(p).format(p.unit.equals("dB") ? 2 : 3) : pm.mae(p).format(4));
            }
        }
        Table t = Table.create(physical ? "per parameter, physical" : "per parameter", param);
        if (physical) t.addColumns(unit);
        for (StringColumn c : cols) t.addColumns(c);
        return t;
    }

    /** The headline model per parameter: MAE (normalised, unit), the mean's MAE, skill, floor, MAE where audible. */
    private static Table parameterSummaryTable(ReportData data, String model) {
        ParameterMetrics m = data.metrics().get(model), mean = data.meanBaseline();
        String[] names = {"parameter", "MAE", "MAE in unit", "training mean", "skill", "floor", "floor in unit", "MAE where audible"};
        StringColumn[] cols = new StringColumn[names.length];
        for (int i = 0; i < names.length; i++) cols[i] = StringColumn.create(names[i]);
        for (Param p : Param.all()) {
            Floor.Entry floor = data.floor() == null ? null : data.floor().get(p);
            boolean hasFloor = floor != null && floor.estimated();
            String[] row = {p.id, f(m.mae(p).value(), 4), physical(p, m.maePhysical(p).value()), f(mean.mae(p).value(), 4),
                    m.skillInterval(p, mean).format(3), hasFloor ? f(floor.floor(), 3) : "—", hasFloor ? physical(p, floor.floorPhysical()) : "—",
                    audible(m, p)};
            for (int i = 0; i < row.length; i++) cols[i].append(row[i]);
        }
        for (int i = 0; i < cols.length; i++) {
            cols[i].append(switch (i) {
                case 0 -> "all";
                case 1 -> f(m.mae().value(), 4);
                case 3 -> f(mean.mae().value(), 4);
                case 4 -> f(m.skill(mean), 3);
                case 5 -> data.floor() == null ? "—" : f(data.floor().overall(), 3);
                default -> "";
            });
        }
        return Table.create("per parameter, " + model, cols);
    }

    /** Parameters × models (not baselines): skill against the training mean. */
    private static Table skillTable(ReportData data) {
        StringColumn param = StringColumn.create("parameter");
        Table t = Table.create("skill", param);
        for (Param p : Param.all()) param.append(p.id);
        param.append("all");
        ParameterMetrics mean = data.meanBaseline();
        for (String model : data.candidates()) {
            ParameterMetrics m = data.metrics().get(model);
            StringColumn c = StringColumn.create(model);
            for (Param p : Param.all()) c.append(f(m.skill(p, mean), 3));
            c.append(f(m.skill(mean), 3));
            t.addColumns(c);
        }
        return t;
    }

    /** Parameters × models: MAE on the rows where the stage is audible, with the rule and the row count. */
    private static Table audibleTable(ReportData data) {
        StringColumn param = StringColumn.create("parameter"), rule = StringColumn.create("audible when"),
                rows = StringColumn.create("audible rows");
        ParameterMetrics any = data.metrics().values().iterator().next();
        for (Param p : Param.all()) {
            param.append(p.id);
            rule.append(Audibility.RULES.get(p));
            rows.append(any.audibleRows(p) + " of " + any.examples());
        }
        Table t = Table.create("audible", param, rule, rows);
        for (String model : data.models()) {
            StringColumn c = StringColumn.create(model);
            for (Param p : Param.all()) c.append(Double.isNaN(data.metrics().get(model).maeAudible(p)) ? "—" : f(data.metrics().get(model).maeAudible(p), 4));
            t.addColumns(c);
        }
        return t;
    }

    private static String audible(ParameterMetrics m, Param p) {
        if (m.audibleRows(p) < 0) return "—";
        return (Double.isNaN(m.maeAudible(p)) ? "—" : f(m.maeAudible(p), 4)) + " (" + m.audibleRows(p) + ")";
    }

    private static Table floorTable(Floor floor) {
        String[] names = {"parameter", "quantity", "spread", "tracks", "floor", "floor in unit"};
        StringColumn[] cols = new StringColumn[names.length];
        for (int i = 0; i < names.length; i++) cols[i] = StringColumn.create(names[i]);
        for (Param p : Param.all()) {
            Floor.Entry e = floor.get(p);
            String[] row = e.estimated()
                    ? new String[] {p.id, e.quantity(), f(e.spread(), e.unit().isEmpty() ? 3 : 2) + (e.unit().isEmpty() ? "" : " " + e.unit()),
                    String.valueOf(e.tracks()), f(e.floor(), 3), physical(p, e.floorPhysical())}
                    : new String[] {p.id, "none (no single quantity carries it)", "—", "—", "—", "—"};
            for (int i = 0; i < row.length; i++) cols[i].append(row[i]);
        }
        return Table.create("floor", cols);
    }

    private static Table floorCsv(Floor floor) {
        StringColumn param = StringColumn.create("parameter"), quantity = StringColumn.create("quantity"), unit = StringColumn.create("unit");
        IntColumn tracks = IntColumn.create("tracks");
        DoubleColumn spread = DoubleColumn.create("spread"), norm = DoubleColumn.create("floor"), phys = DoubleColumn.create("floor_physical");
        for (Param p : Param.all()) {
            Floor.Entry e = floor.get(p);
            param.append(p.id);
            quantity.append(e.quantity());
            unit.append(e.unit());
            spread.append(e.spread());
            tracks.append(e.tracks());
            norm.append(e.floor());
            phys.append(e.floorPhysical());
        }
        return Table.create("floor", param, quantity, unit, spread, tracks, norm, phys);
    }

    private static long estimatedCount(Floor floor) {
        return Param.all().stream().filter(p -> floor.get(p).estimated()).count();
    }

    private static double estimatedMean(Floor floor) {
        return Param.all().stream().filter(p -> floor.get(p).estimated()).mapToDouble(p -> floor.get(p).floor()).average().orElse(Double.NaN);
    }

    private static Table worstByMaeTable(ReportData data) {
        StringColumn model = StringColumn.create("model"), track = StringColumn.create("example"), mae = StringColumn.create("MAE"),
                worst = StringColumn.create("furthest off: predicted / true");
        for (String m : data.candidates()) {
            for (WorstTracks.ByMae w : WorstTracks.byMae(data.predictions(m))) {
                model.append(m);
                track.append(w.exampleId());
                mae.append(f(w.mae(), 3));
                worst.append(w.worst().id + " " + physical(w.worst(), w.predicted()) + " / " + physical(w.worst(), w.truth()));
            }
        }
        return Table.create("worst by MAE", model, track, mae, worst);
    }

    private static Table worstByMixTable(ReportData data) {
        StringColumn model = StringColumn.create("model"), track = StringColumn.create("example"),
                ratio = StringColumn.create("mix / raw input distance"), mix = StringColumn.create("mix distance"),
                raw = StringColumn.create("raw input distance"), lu = StringColumn.create("loudness error");
        for (String m : data.candidates()) {
            for (WorstTracks.ByMix w : WorstTracks.byMix(data.audio(), m)) {
                model.append(m);
                track.append(w.exampleId());
                ratio.append(f(w.ratio(), 2));
                mix.append(f(w.mixDistance(), 3));
                raw.append(f(w.rawDistance(), 3));
                lu.append(String.format(Locale.ROOT, "%+.1f LU", w.loudnessErrorLu()));
            }
        }
        return Table.create("worst by mix", model, track, ratio, mix, raw, lu);
    }

    /** Both rankings, one row per model, ranking and rank. */
    private static Table worstCsv(ReportData data) {
        StringColumn model = StringColumn.create("model"), by = StringColumn.create("ranked_by"), example = StringColumn.create("example_id"),
                worst = StringColumn.create("worst_parameter");
        IntColumn rank = IntColumn.create("rank");
        DoubleColumn mae = DoubleColumn.create("mae"), predicted = DoubleColumn.create("worst_predicted"), truth = DoubleColumn.create("worst_true"),
                ratio = DoubleColumn.create("mix_over_raw_distance"), lu = DoubleColumn.create("loudness_error_lu");
        for (String m : data.candidates()) {
            List<WorstTracks.ByMae> byMae = WorstTracks.byMae(data.predictions(m));
            for (int i = 0; i < byMae.size(); i++) {
                WorstTracks.ByMae w = byMae.get(i);
                model.append(m);
                by.append("mae");
                rank.append(i + 1);
                example.append(w.exampleId());
                mae.append(w.mae());
                worst.append(w.worst().id);
                predicted.append(w.predicted());
                truth.append(w.truth());
                ratio.appendMissing();
                lu.appendMissing();
            }
            if (data.audio() == null) continue;
            List<WorstTracks.ByMix> byMix = WorstTracks.byMix(data.audio(), m);
            for (int i = 0; i < byMix.size(); i++) {
                WorstTracks.ByMix w = byMix.get(i);
                model.append(m);
                by.append("mix");
                rank.append(i + 1);
                example.append(w.exampleId());
                mae.appendMissing();
                worst.append("");
                predicted.appendMissing();
                truth.appendMissing();
                ratio.append(w.ratio());
                lu.append(w.loudnessErrorLu());
            }
        }
        return Table.create("worst tracks", model, by, rank, example, mae, worst, predicted, truth, ratio, lu);
    }

    /** "2.41 dB", "3.2 ratio" (a ratio as n:1 would misread an error), "0.061 send level". */
    private static String physical(Param p, double value) {
        return f(value, p.unit.equals("dB") ? 2 : 3) + " " + unitOf(p);
    }

    private static String unitOf(Param p) {
        return switch (p.unit) {
            case "" -> p == Param.STEREO_WIDTH ? "side gain" : "send level";
            default -> p.unit;
        };
    }

    private static Table summaryCsv(ReportData data) {
        StringColumn model = StringColumn.create("model");
        BooleanColumn baseline = BooleanColumn.create("baseline");
        IntColumn examples = IntColumn.create("examples"), tracks = IntColumn.create("tracks");
        DoubleColumn mae = DoubleColumn.create("mae"), lo = DoubleColumn.create("mae_low"), hi = DoubleColumn.create("mae_high"),
                rmse = DoubleColumn.create("rmse"), median = DoubleColumn.create("median_abs_error");
        for (Map.Entry<String, ParameterMetrics> en : data.metrics().entrySet()) {
            ParameterMetrics m = en.getValue();
            model.append(en.getKey());
            baseline.append(data.baselines().contains(en.getKey()));
            examples.append(m.examples());
            tracks.append(m.tracks());
            mae.append(m.mae().value());
            lo.append(m.mae().low());
            hi.append(m.mae().high());
            rmse.append(m.rmse());
            median.append(m.median());
        }
        return Table.create("summary", model, baseline, examples, tracks, mae, lo, hi, rmse, median);
    }

    private static Table parametersCsv(ReportData data) {
        StringColumn model = StringColumn.create("model"), param = StringColumn.create("parameter"), unit = StringColumn.create("unit");
        String[] names = {"mae", "mae_low", "mae_high", "mae_physical", "mae_physical_low", "mae_physical_high", "rmse",
                "rmse_physical", "median_abs_error", "median_abs_error_physical", "skill", "skill_low", "skill_high", "mae_audible",
                "audible_rows"};
        ParameterMetrics mean = data.meanBaseline();
        DoubleColumn[] cols = new DoubleColumn[names.length];
        for (int i = 0; i < names.length; i++) cols[i] = DoubleColumn.create(names[i]);
        for (Map.Entry<String, ParameterMetrics> en : data.metrics().entrySet()) {
            ParameterMetrics m = en.getValue();
            for (Param p : Param.all()) {
                model.append(en.getKey());
                param.append(p.id);
                unit.append(p.unit);
                Estimate skill = mean == null ? new Estimate(Double.NaN, Double.NaN, Double.NaN) : m.skillInterval(p, mean);
                double[] v = {m.mae(p).value(), m.mae(p).low(), m.mae(p).high(), m.maePhysical(p).value(),
                        m.maePhysical(p).low(), m.maePhysical(p).high(), m.rmse(p), m.rmsePhysical(p), m.median(p),
                        m.medianPhysical(p), skill.value(), skill.low(), skill.high(), m.maeAudible(p),
                        m.audibleRows(p) < 0 ? Double.NaN : m.audibleRows(p)};
                for (int i = 0; i < v.length; i++) cols[i].append(v[i]);
            }
        }
        Table t = Table.create("parameters", model, param, unit);
        t.addColumns(cols);
        return t;
    }

    /** Wide: one row per parameter, one column of normalised MAE per model (for spreadsheets and notebooks). */
    private static Table maePerParameterCsv(ReportData data) {
        StringColumn param = StringColumn.create("parameter");
        for (Param p : Param.all()) param.append(p.id);
        Table t = Table.create("mae per parameter", param);
        for (Map.Entry<String, ParameterMetrics> en : data.metrics().entrySet()) {
            DoubleColumn c = DoubleColumn.create(en.getKey());
            for (Param p : Param.all()) c.append(en.getValue().mae(p).value());
            t.addColumns(c);
        }
        return t;
    }

    private static Table audioTable(AudioEvaluation audio) {
        StringColumn model = StringColumn.create("model"), stft = StringColumn.create("STFT distance [95 %]"),
                lu = StringColumn.create("loudness error, LU [95 %]"), closer = StringColumn.create("closer than input [95 %]"),
                kept = StringColumn.create("level kept");
        for (String m : audio.models()) {
            AudioEvaluation.Summary s = audio.summary(m);
            model.append(m);
            stft.append(s.stftDistance().format(3));
            lu.append(s.loudnessErrorLu().format(2));
            closer.append(m.equals(AudioEvaluation.DO_NOTHING) ? "—" : String.format(Locale.ROOT, "%.0f %% [%.0f, %.0f]",
                    100 * s.shareCloser().value(), 100 * s.shareCloser().low(), 100 * s.shareCloser().high()));
            kept.append(String.valueOf(audio.rows(m).stream().filter(r -> r.score().levelMovedDb() != 0).count()));
        }
        return Table.create("audio", model, stft, lu, closer, kept);
    }

    private static Table audioCsv(AudioEvaluation audio) {
        StringColumn model = StringColumn.create("model");
        IntColumn examples = IntColumn.create("examples");
        String[] names = {"stft_distance", "stft_distance_low", "stft_distance_high", "abs_loudness_error_lu",
                "abs_loudness_error_lu_low", "abs_loudness_error_lu_high", "share_closer", "share_closer_low", "share_closer_high"};
        DoubleColumn[] cols = new DoubleColumn[names.length];
        for (int i = 0; i < names.length; i++) cols[i] = DoubleColumn.create(names[i]);
        for (String m : audio.models()) {
            AudioEvaluation.Summary s = audio.summary(m);
            model.append(m);
            examples.append(s.examples());
            Estimate[] es = {s.stftDistance(), s.loudnessErrorLu(), s.shareCloser()};
            for (int k = 0; k < es.length; k++) {
                cols[3 * k].append(es[k].value());
                cols[3 * k + 1].append(es[k].low());
                cols[3 * k + 2].append(es[k].high());
            }
        }
        Table t = Table.create("audio", model, examples);
        t.addColumns(cols);
        return t;
    }

    private static Table audioExamplesCsv(AudioEvaluation audio) {
        StringColumn model = StringColumn.create("model"), example = StringColumn.create("example_id"), track = StringColumn.create("track_id");
        DoubleColumn stft = DoubleColumn.create("stft_distance"), lu = DoubleColumn.create("loudness_error_lu"),
                moved = DoubleColumn.create("level_moved_db");
        BooleanColumn closer = BooleanColumn.create("closer_than_input");
        for (String m : audio.models()) {
            for (AudioEvaluation.Row r : audio.rows(m)) {
                AudioMetrics.Score s = r.score();
                model.append(m);
                example.append(r.exampleId());
                track.append(r.trackId());
                stft.append(s.stftDistance());
                lu.append(s.loudnessErrorLu());
                closer.append(s.closerThanInput());
                moved.append(s.levelMovedDb());
            }
        }
        return Table.create("audio examples", model, example, track, stft, lu, closer, moved);
    }

    private static Table ensembleTable(EnsembleBundle e) {
        StringColumn param = StringColumn.create("parameter");
        List<StringColumn> weights = new ArrayList<>();
        for (String m : e.ensemble().models()) weights.add(StringColumn.create("weight " + m));
        Map<String, double[]> mae = e.validationMae();
        StringColumn ens = StringColumn.create("validation MAE, ensemble");
        StringColumn best = StringColumn.create("validation MAE, best member");
        for (Param p : Param.all()) {
            param.append(p.id);
            for (int k = 0; k < weights.size(); k++) weights.get(k).append(f(e.ensemble().weight(e.ensemble().models().get(k), p), 3));
            double[] en = mae.get(WeightedEnsemble.NAME);
            ens.append(en == null ? "—" : f(en[p.ordinal()], 4));
            double bestMember = Double.NaN;
            String bestName = "";
            for (String m : e.ensemble().models()) {
                double[] v = mae.get(m);
                if (v != null && !(v[p.ordinal()] >= bestMember)) {
                    bestMember = v[p.ordinal()];
                    bestName = m;
                }
            }
            best.append(Double.isNaN(bestMember) ? "—" : f(bestMember, 4) + " (" + bestName + ")");
        }
        Table t = Table.create("ensemble", param);
        for (StringColumn c : weights) t.addColumns(c);
        return t.addColumns(ens, best);
    }

    private static Table ensembleCsv(WeightedEnsemble e) {
        StringColumn param = StringColumn.create("parameter");
        for (Param p : Param.all()) param.append(p.id);
        Table t = Table.create("ensemble weights", param);
        for (String m : e.models()) {
            DoubleColumn c = DoubleColumn.create(m);
            for (Param p : Param.all()) c.append(e.weight(m, p));
            t.addColumns(c);
        }
        return t;
    }

    private static Table trainingTable(List<TrainingHistory> histories) {
        StringColumn model = StringColumn.create("model"), epochs = StringColumn.create("epochs"),
                best = StringColumn.create("best validation MAE"), last = StringColumn.create("last validation MAE"),
                seconds = StringColumn.create("training time");
        for (TrainingHistory h : histories) {
            model.append(h.model());
            epochs.append(String.valueOf(h.epoch().length));
            best.append(f(h.bestValMae(), 4));
            last.append(f(h.valMae()[h.valMae().length - 1], 4));
            double total = 0;
            for (double s : h.seconds()) if (!Double.isNaN(s)) total += s;
            seconds.append(String.format(Locale.ROOT, "%.0f s", total));
        }
        return Table.create("training", model, epochs, best, last, seconds);
    }

    private static Table provenanceTable(Map<String, Object> prov) {
        StringColumn key = StringColumn.create("key"), value = StringColumn.create("value");
        for (Map.Entry<String, Object> e : prov.entrySet()) {
            if (e.getKey().equals(ReportData.MODEL_BUNDLES)) continue; // a table of their own
            key.append(e.getKey());
            value.append(String.valueOf(e.getValue()));
        }
        return Table.create("provenance", key, value);
    }

    /** One row per model bundle, from the provenance the trainer writes into it. */
    private static Table bundlesTable(Map<?, ?> bundles) {
        String[] names = {"model", "architecture", "parameters", "seed", "epochs", "best validation MAE", "dataset", "trained",
                "wall time"};
        StringColumn[] cols = new StringColumn[names.length];
        for (int i = 0; i < names.length; i++) cols[i] = StringColumn.create(names[i]);
        for (Map.Entry<?, ?> e : bundles.entrySet()) {
            Map<?, ?> p = e.getValue() instanceof Map<?, ?> m ? m : Map.of();
            Object best = p.get("best_epoch"), run = p.get("epochs_run");
            String epochs = run == null ? "" : (best == null ? "" : "best " + best + " of ") + run
                    + (Boolean.TRUE.equals(p.get("stopped_early")) ? ", stopped early" : "");
            Object manifest = at(p, "dataset", "manifest"), sha = at(p, "dataset", "manifest_sha256");
            Object commit = at(p, "provenance", "git_commit"), created = at(p, "provenance", "created_utc");
            String[] row = {
                    String.valueOf(e.getKey()),
                    architecture(p.get("architecture")),
                    p.get("parameters") instanceof Number n ? String.format(Locale.ROOT, "%,d", n.longValue()) : text(p.get("parameters")),
                    text(p.get("seed")),
                    epochs,
                    p.get("best_val_mae") instanceof Number n ? f(n.doubleValue(), 4) : text(p.get("best_val_mae")),
                    text(manifest) + (sha == null ? "" : " (SHA-256 " + shortHash(sha) + ")"),
                    String.join(", ", java.util.stream.Stream.of(minutes(created), commit == null ? "" : "commit " + shortHash(commit),
                            text(p.get("device")).replaceFirst(" \\(.*", "")).filter(s -> !s.isEmpty()).toList()),
                    p.get("wall_seconds") instanceof Number n ? String.format(Locale.ROOT, "%.0f s", n.doubleValue()) : text(p.get("wall_seconds"))};
            for (int i = 0; i < row.length; i++) cols[i].append(row[i]);
        }
        return Table.create("model bundles", cols);
    }

    /**
     * A bundle's architecture as recorded. Bundles trained before the AST had a toString hold an identity
     * hash ("AstRegressor@d60cbad"), which says nothing: shown as the class name.
     */
    static String architecture(Object value) {
        String s = text(value);
        if (s.matches("[\\w.$]+@[0-9a-f]+")) {
            String name = s.substring(0, s.indexOf('@'));
            return name.substring(name.lastIndexOf('.') + 1) + " (configuration not recorded)";
        }
        return s;
    }

    private static Object at(Map<?, ?> m, String key, String inner) {
        return m.get(key) instanceof Map<?, ?> nested ? nested.get(inner) : null;
    }

    private static String text(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    /** "2026-12-02T06:38:12.62Z" as "2026-12-02 06:38 UTC". */
    /** A recorded time ({@code Instant.toString()}) to the minute, as reports show it. */
    static String minutes(Object utc) {
        String s = text(utc);
        return s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d.*Z") ? s.substring(0, 10) + " " + s.substring(11, 16) + " UTC" : s;
    }

    private static String shortHash(Object hash) {
        String s = String.valueOf(hash);
        return s.length() > 12 ? s.substring(0, 12) + "…" : s;
    }

    private static Path chart(Path dir, String name, org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) throws IOException {
        Path file = dir.resolve("charts").resolve(name);
        Charts.write(chart, file);
        return file;
    }

    private static Path csv(Path dir, String name, Table t) throws IOException {
        Path file = dir.resolve("results").resolve(name);
        AtomicFiles.write(file, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                t.write().csv(out);
            }
        });
        return file;
    }

    /** A figure for a table; "—" for one that is undefined (NaN), such as a skill against an exact reference. */
    private static String f(double v, int decimals) {
        if (Double.isNaN(v)) return "—";
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : "/").append(v[i]);
        return sb.toString();
    }
}

package mixer.cli;

import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.evaluation.Evaluator;
import mixer.evaluation.Predictions;
import mixer.evaluation.ensemble.EnsembleBundle;
import mixer.evaluation.ensemble.EnsembleFitter;
import mixer.evaluation.ensemble.WeightedEnsemble;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.Bootstrap;
import mixer.evaluation.metrics.ParameterMetrics;
import mixer.evaluation.report.ReportData;
import mixer.evaluation.report.ReportWriter;
import mixer.evaluation.report.TrainingHistory;
import mixer.training.ModelBundle;
import mixer.training.models.ModelKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores trained models on the same test examples: fits the weighted ensemble (per-parameter weights, "
                + "non-negative, summing to one) on the validation split and saves it to <models>/ensemble.json, then reports "
                + "MAE overall and per parameter (normalised and physical) with bootstrap 95 % intervals over tracks, RMSE and "
                + "median, the training-mean baseline, and audio metrics (each test input rendered with the predicted settings "
                + "against the finished original).",
                "Writes report.md, report.html, results CSVs and PNG charts to --out and prints the MAE table."})
final class EvaluateCommand implements Callable<Integer> {

    static final double TARGET_MAE = 0.035;
    /** The ensemble's members; the descriptor MLP is an ablation, reported but not ensembled. */
    static final List<ModelKind> MEMBERS = List.of(ModelKind.BASELINE_CNN, ModelKind.ENHANCED_CNN, ModelKind.AST);

    @Option(names = "--data", defaultValue = "data/dataset/manifest.csv", paramLabel = "FILE", description = "The dataset's manifest (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--models", split = ",", paramLabel = "MODEL",
            description = "Models to score (default: every trained one of baseline-cnn, enhanced-cnn, ast, descriptor-mlp).")
    List<String> models;

    @Option(names = "--models-dir", defaultValue = "models", paramLabel = "DIR", description = "Where the bundles are (default: ${DEFAULT-VALUE}).")
    Path modelsDir;

    @Option(names = "--split", defaultValue = "test", description = "The split to score (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", defaultValue = "runs/report", paramLabel = "DIR", description = "Report folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "Score the --quick models (<model>-quick.zip).")
    boolean quick;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mix-dir", paramLabel = "DIR",
            description = "Also mix every scored input with the ensemble's settings (the best model's without an ensemble), "
                    + "chain and safety limiter, into DIR as <row>.wav with its <row>.json preset.")
    Path mixDir;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Manifest manifest = Manifest.read(data);
        Split s = Split.of(split);
        List<ModelKind> kinds = new ArrayList<>();
        if (models != null) {
            for (String m : models) kinds.add(ModelKind.of(m));
        } else {
            for (ModelKind k : ModelKind.values()) if (Files.exists(bundleFile(k))) kinds.add(k);
        }
        if (kinds.isEmpty()) {
            throw new IOException("no trained models in " + modelsDir + "/: run `mixer train --model baseline-cnn` (and enhanced-cnn, ast) "
                    + "or `mixer reproduce`");
        }
        Evaluator evaluator = new Evaluator(manifest, System.err::println);
        Map<String, ModelBundle> bundles = new LinkedHashMap<>();
        for (ModelKind k : kinds) {
            Path f = bundleFile(k);
            if (!Files.exists(f)) throw new IOException(f + ": no such model bundle; train it with `mixer train --model " + k.id() + "`");
            bundles.put(k.id(), ModelBundle.load(f));
        }

        // the ensemble: fitted on the validation split, of the members that are trained
        Path ensembleFile = modelsDir.resolve(quick ? "ensemble-quick.json" : "ensemble.json");
        List<Predictions> validation = new ArrayList<>();
        List<EnsembleBundle.Member> members = new ArrayList<>();
        for (ModelKind k : MEMBERS) {
            if (!bundles.containsKey(k.id())) continue;
            validation.add(evaluator.predict(k.id(), bundles.get(k.id()), Split.VALIDATION));
            members.add(EnsembleBundle.Member.of(k.id(), bundleFile(k), ensembleFile));
        }
        EnsembleBundle ensemble = null;
        if (validation.size() >= 2) {
            EnsembleFitter.Fit fit = EnsembleFitter.fit(validation);
            ensemble = EnsembleBundle.of(fit, members, Map.of("dataset", manifest.file().toString(),
                    "command", "mixer evaluate" + (quick ? " --quick" : "")));
            ensemble.save(ensembleFile);
            System.err.printf(Locale.ROOT, "ensemble weights fitted on %d validation rows of %d tracks (validation MAE %.4f): %s%n",
                    fit.rows(), fit.tracks(), fit.overallEnsembleMae(), ensembleFile);
            if (s == Split.VALIDATION) {
                System.err.println("warning: --split validation scores the ensemble on the rows its weights were fitted on: "
                        + "its MAE there is optimistic; compare models on the test split");
            }
        }

        Map<String, Predictions> predictions = new LinkedHashMap<>();
        for (Map.Entry<String, ModelBundle> b : bundles.entrySet()) predictions.put(b.getKey(), evaluator.predict(b.getKey(), b.getValue(), s));
        if (ensemble != null) predictions.put(WeightedEnsemble.NAME, ensemble.ensemble().apply(new ArrayList<>(predictions.values())));
        Predictions mean = evaluator.trainingMean().predict(predictions.values().iterator().next());
        List<Predictions> scored = new ArrayList<>(predictions.values());
        scored.add(mean);

        Bootstrap bootstrap = Bootstrap.withSeed(seed);
        AudioEvaluation audio = s == Split.TRAIN ? null : evaluator.audio(scored, bootstrap, 2);

        ReportData.Builder report = ReportData.builder("mixer evaluation: " + s.id() + " split of " + manifest.file()
                        + (evaluator.task() == mixer.dataset.Task.RESTORE ? "" : " (" + evaluator.task().id() + " task)"), bootstrap)
                .task(evaluator.task()).targetMae(TARGET_MAE).audio(audio).ensemble(ensemble);
        for (Predictions p : predictions.values()) report.model(p);
        report.baseline(mean);
        for (ModelKind k : kinds) {
            Path history = Path.of("runs", k.id() + (quick ? "-quick" : ""), "history.csv");
            if (Files.exists(history)) report.history(TrainingHistory.read(k.id(), history));
        }
        report.provenance("command", "mixer evaluate" + (quick ? " --quick" : ""));
        report.provenance("dataset", manifest.file().toString());
        report.provenance("split", s.id());
        Map<String, Object> models = new LinkedHashMap<>();
        for (Map.Entry<String, ModelBundle> b : bundles.entrySet()) models.put(b.getKey(), b.getValue().provenance());
        report.provenance("model_bundles", models);
        report.provenance("wall_seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        ReportData data = report.build();
        new ReportWriter().write(out, data);

        if (mixDir != null) mix(manifest, data);
        printTable(data, System.out);
        System.out.printf("report: %s%n", out.resolve(ReportWriter.HTML));
        return 0;
    }

    static void printTable(ReportData data, java.io.PrintStream o) {
        AudioEvaluation audio = data.audio();
        Table t = new Table("model", "MAE", "95% interval", "RMSE", "median", "MR-STFT", "loudness err LU", "closer than input");
        for (Map.Entry<String, ParameterMetrics> e : data.metrics().entrySet()) {
            ParameterMetrics m = e.getValue();
            AudioEvaluation.Summary a = audio == null ? null : audio.summary(e.getKey());
            t.row(e.getKey(), f4(m.mae().value()), f4(m.mae().low()) + " - " + f4(m.mae().high()), f4(m.rmse()), f4(m.median()),
                    a == null ? "" : String.format(Locale.ROOT, "%.3f", a.stftDistance().value()),
                    a == null ? "" : String.format(Locale.ROOT, "%.2f", a.loudnessErrorLu().value()),
                    a == null ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * a.shareCloser().value()));
        }
        if (audio != null) {
            AudioEvaluation.Summary nothing = audio.summary(AudioEvaluation.DO_NOTHING);
            t.row(nothing.model(), "", "", "", "", String.format(Locale.ROOT, "%.3f", nothing.stftDistance().value()),
                    String.format(Locale.ROOT, "%.2f", nothing.loudnessErrorLu().value()), "");
        }
        o.print(t);
        ParameterMetrics ens = data.metrics().get(WeightedEnsemble.NAME);
        ParameterMetrics best = data.candidates().stream().filter(m -> !m.equals(WeightedEnsemble.NAME)).map(data.metrics()::get)
                .min((a, b) -> Double.compare(a.mae().value(), b.mae().value())).orElse(null);
        if (ens != null && best != null) {
            o.printf(Locale.ROOT, "target MAE %.3f: the ensemble (%.4f) %s it; best single model %s %.4f, ensemble %+.1f %%%n", TARGET_MAE,
                    ens.mae().value(), ens.mae().value() <= TARGET_MAE ? "MEETS" : "does NOT meet", best.model(), best.mae().value(),
                    100 * (ens.mae().value() - best.mae().value()) / best.mae().value());
        } else if (best != null) {
            o.printf(Locale.ROOT, "target MAE %.3f: best model %s %.4f %s it (no ensemble: it needs two trained members)%n", TARGET_MAE,
                    best.model(), best.mae().value(), best.mae().value() <= TARGET_MAE ? "meets" : "does not meet");
        }
    }

    private void mix(Manifest manifest, ReportData data) throws IOException {
        String model = data.models().contains(WeightedEnsemble.NAME) ? WeightedEnsemble.NAME
                : data.candidates().stream().min((a, b) -> Double.compare(data.metrics().get(a).mae().value(),
                        data.metrics().get(b).mae().value())).orElseThrow();
        Predictions p = data.predictions(model);
        Map<String, mixer.dataset.Example> byId = new LinkedHashMap<>();
        for (mixer.dataset.Example e : manifest.examples()) byId.put(e.id(), e);
        Files.createDirectories(mixDir);
        for (int i = 0; i < p.size(); i++) {
            mixer.dataset.Example e = byId.get(p.exampleIds().get(i));
            mixer.dsp.params.MixSettings ms = p.predictedSettings(i);
            mixer.dsp.Audio input = manifest.readAudio(e, "audio");
            String name = e.id().replaceAll("[^A-Za-z0-9._-]+", "_");
            mixer.dsp.io.AudioWriter.write(mixer.dsp.Renderer.render(input, ms, true), mixDir.resolve(name + ".wav"),
                    mixer.dsp.io.SampleFormat.PCM_24);
            mixer.dsp.params.ParamsFile.write(ms, mixDir.resolve(name + ".json"));
            if ((i + 1) % 24 == 0 || i + 1 == p.size()) System.err.printf("mixed %d/%d test inputs with the %s%n", i + 1, p.size(), model);
        }
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private Path bundleFile(ModelKind k) {
        return modelsDir.resolve(k.id() + (quick ? "-quick" : "") + ".zip");
    }
}

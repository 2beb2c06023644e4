package mixer.cli;

import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dsp.provenance.Sha256;
import mixer.evaluation.Evaluator;
import mixer.evaluation.Predictions;
import mixer.evaluation.ensemble.EnsembleFitter;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.Bootstrap;
import mixer.evaluation.metrics.ParameterMetrics;
import mixer.evaluation.report.ReportData;
import mixer.evaluation.report.ReportWriter;
import mixer.evaluation.report.TrainingHistory;
import mixer.training.EnsembleBundle;
import mixer.training.ModelBundle;
import mixer.training.WeightedEnsemble;
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
        description = {"Scores trained models on the same test examples, with the saved weighted ensemble (per-parameter weights, "
                + "non-negative, summing to one) of <models>/ensemble.json: when there is none it is fitted on the validation "
                + "split and saved there; --refit-ensemble FILE fits a fresh one into a new file. Reports MAE overall and per "
                + "parameter (normalised and physical) with bootstrap 95 %% intervals over tracks, RMSE and median, the "
                + "training-mean baseline, and audio metrics (each test input rendered with the predicted settings against the "
                + "finished original).",
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

    @Option(names = "--ensemble", paramLabel = "FILE",
            description = "The saved ensemble to score with, as it is, never refitted (default: <models-dir>/ensemble.json, "
                    + "ensemble-quick.json with --quick; only when the default file is missing is one fitted on the validation "
                    + "split and saved there).")
    Path ensembleOption;

    @Option(names = "--refit-ensemble", paramLabel = "FILE",
            description = "Fit the ensemble afresh on this dataset's validation split, save it to FILE (a new file: an existing "
                    + "one is never overwritten) and score with it; the saved ensemble stays as it is.")
    Path refitTo;

    @Option(names = "--mix-dir", paramLabel = "DIR",
            description = "Also mix every scored input with the ensemble's settings (the best model's without an ensemble), "
                    + "chain and safety limiter, into DIR as <row>.wav with its <row>.json preset.")
    Path mixDir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The ensemble scored in this run (null when none), whether it was fitted now, and why there is none. */
    record EnsembleChoice(EnsembleBundle bundle, Path file, boolean fittedNow, String whyNone) {
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        if (refitTo != null && ensembleOption != null) {
            throw usage("--ensemble and --refit-ensemble: give one (--refit-ensemble scores with the ensemble it fits)");
        }
        if (refitTo != null && Files.exists(refitTo)) {
            throw usage("--refit-ensemble " + refitTo + ": the file exists; name a new file (a saved ensemble is never overwritten)");
        }
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

        EnsembleChoice choice = chooseEnsemble(evaluator, manifest, bundles);
        EnsembleBundle ensemble = choice.bundle();
        if (ensemble != null && s == Split.VALIDATION && fittedOn(choice, manifest)) {
            System.err.println("warning: --split validation scores the ensemble on the rows its weights were fitted on: "
                    + "its MAE there is optimistic; compare models on the test split");
        }

        Map<String, Predictions> predictions = new LinkedHashMap<>();
        for (Map.Entry<String, ModelBundle> b : bundles.entrySet()) predictions.put(b.getKey(), evaluator.predict(b.getKey(), b.getValue(), s));
        if (ensemble != null) predictions.put(WeightedEnsemble.NAME, EnsembleFitter.apply(ensemble.ensemble(), new ArrayList<>(predictions.values())));
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
        report.provenance("ensemble", ensemble == null ? "none: " + choice.whyNone()
                : choice.file() + (choice.fittedNow() ? " (fitted in this run)" : " (saved)"));
        for (Map.Entry<String, ModelBundle> b : bundles.entrySet()) report.modelBundle(b.getKey(), b.getValue().provenance());
        report.provenance("wall_seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        ReportData data = report.build();
        new ReportWriter().write(out, data);

        if (mixDir != null) mix(manifest, data);
        printTable(data, choice.whyNone(), System.out);
        System.out.printf("report: %s%n", out.resolve(ReportWriter.HTML));
        return 0;
    }

    /** The MAE table; {@code whyNoEnsemble} says why a run has no ensemble (null when it has one). */
    static void printTable(ReportData data, String whyNoEnsemble, java.io.PrintStream o) {
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
            o.printf(Locale.ROOT, "target MAE %.3f: best model %s %.4f %s it%n", TARGET_MAE,
                    best.model(), best.mae().value(), best.mae().value() <= TARGET_MAE ? "meets" : "does not meet");
            if (whyNoEnsemble != null) o.println("no ensemble: " + whyNoEnsemble);
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

    /**
     * The ensemble to score with. --refit-ensemble fits one into its new file; otherwise the saved one is used as
     * it is (its members checked against the bundles scored here), and only when there is none is one fitted on
     * the validation split and saved. A saved ensemble is never overwritten: fitted weights survive scoring
     * the models on another dataset.
     */
    private EnsembleChoice chooseEnsemble(Evaluator evaluator, Manifest manifest, Map<String, ModelBundle> bundles) throws IOException {
        Path saved = ensembleOption != null ? ensembleOption : modelsDir.resolve(quick ? "ensemble-quick.json" : "ensemble.json");
        List<ModelKind> scored = MEMBERS.stream().filter(k -> bundles.containsKey(k.id())).toList();
        if (refitTo != null) {
            if (scored.size() < 2) throw new IOException("--refit-ensemble " + refitTo + ": cannot fit: " + membersNeeded(scored));
            EnsembleBundle e = fit(evaluator, manifest, bundles, scored, refitTo);
            System.err.printf(Locale.ROOT, "ensemble fitted afresh on %d validation rows of %d tracks of %s and saved to %s "
                    + "(%s left as it is; score with the new one later with --ensemble %s)%n", e.validationRows(),
                    e.validationTracks(), manifest.file(), refitTo, saved, refitTo);
            return new EnsembleChoice(e, refitTo, true, null);
        }
        if (Files.exists(saved)) return savedEnsemble(saved, bundles);
        if (ensembleOption != null) throw new IOException(saved + ": no such ensemble file (--ensemble)");
        if (scored.size() < 2) return new EnsembleChoice(null, null, false, membersNeeded(scored));
        if (manifest.split(Split.VALIDATION).isEmpty()) {
            return new EnsembleChoice(null, null, false, "no saved ensemble at " + saved + ", and " + manifest.file()
                    + " has no validation rows to fit one on; fit it on a dataset with a validation split (`mixer evaluate "
                    + "--data <that manifest>`) and score this one after");
        }
        EnsembleBundle e = fit(evaluator, manifest, bundles, scored, saved);
        System.err.printf(Locale.ROOT, "no saved ensemble at %s: fitted one on %d validation rows of %d tracks of %s "
                + "(validation MAE %.4f) and saved it there; later runs score with it as it is%n", saved, e.validationRows(),
                e.validationTracks(), manifest.file(), java.util.Arrays.stream(e.validationMae().get(WeightedEnsemble.NAME)).average().orElseThrow());
        return new EnsembleChoice(e, saved, true, null);
    }

    /** Fits the ensemble of the {@code members} on the validation split and saves it to {@code file}. */
    private EnsembleBundle fit(Evaluator evaluator, Manifest manifest, Map<String, ModelBundle> bundles, List<ModelKind> members,
                               Path file) throws IOException {
        if (manifest.split(Split.VALIDATION).isEmpty()) {
            throw new IOException(manifest.file() + ": no validation rows to fit the ensemble on; use a dataset built with a "
                    + "validation split");
        }
        List<Predictions> validation = new ArrayList<>();
        List<EnsembleBundle.Member> saved = new ArrayList<>();
        for (ModelKind k : members) {
            validation.add(evaluator.predict(k.id(), bundles.get(k.id()), Split.VALIDATION));
            saved.add(EnsembleBundle.Member.of(k.id(), bundleFile(k), file));
        }
        EnsembleFitter.Fit fit = EnsembleFitter.fit(validation);
        EnsembleBundle e = fit.bundle(saved, Map.of("dataset", manifest.file().toString(),
                "command", "mixer evaluate" + (quick ? " --quick" : "") + (refitTo != null ? " --refit-ensemble " + refitTo : "")));
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        e.save(file);
        return e;
    }

    /** The saved ensemble, when its members are the bundles scored here, unchanged since the fit. */
    private EnsembleChoice savedEnsemble(Path file, Map<String, ModelBundle> bundles) throws IOException {
        EnsembleBundle e = EnsembleBundle.load(file);
        Path newFile = file.resolveSibling("ensemble-refit.json");
        String refit = "; fit the ensemble again with `mixer evaluate --refit-ensemble " + newFile + "` (a new file, which later "
                + "runs take with --ensemble " + newFile + "), or remove " + file + " and evaluate again to fit it there";
        try {
            e.verifyMembers(file);
        } catch (IOException changed) {
            String why = changed.getMessage().replaceFirst("; fit the ensemble again$", "");
            throw new IOException(why + refit, changed);
        }
        List<String> notScored = e.ensemble().models().stream().filter(m -> !bundles.containsKey(m)).toList();
        if (!notScored.isEmpty()) {
            return new EnsembleChoice(null, null, false, "the saved ensemble " + file + " needs its member(s) "
                    + String.join(", ", notScored) + ", which are not scored here (add them to --models)");
        }
        for (EnsembleBundle.Member m : e.members()) {
            Path scoredFile = bundleFile(ModelKind.of(m.name()));
            if (!Sha256.of(scoredFile).equals(m.sha256())) {
                throw new IOException(file + ": member " + m.name() + " was fitted with " + e.memberBundle(file, m.name())
                        + ", not with the bundle scored here, " + scoredFile + refit);
            }
        }
        System.err.printf(Locale.ROOT, "scoring with the saved ensemble %s (members %s, fitted on %d validation rows of %d tracks%s)%n",
                file, String.join(", ", e.ensemble().models()), e.validationRows(), e.validationTracks(),
                e.provenance().containsKey("dataset") ? " of " + e.provenance().get("dataset") : "");
        return new EnsembleChoice(e, file, false, null);
    }

    /** Whether the ensemble's weights were fitted on this dataset (its validation rows). */
    private static boolean fittedOn(EnsembleChoice choice, Manifest manifest) {
        Object dataset = choice.bundle().provenance().get("dataset");
        return choice.fittedNow() || manifest.file().toString().equals(dataset);
    }

    /** Why there is no ensemble when fewer than two members are scored: which are, which are needed. */
    private String membersNeeded(List<ModelKind> scored) {
        List<String> names = scored.stream().map(ModelKind::id).toList();
        List<ModelKind> missing = MEMBERS.stream().filter(k -> !scored.contains(k)).toList();
        List<String> trainedNotScored = missing.stream().filter(k -> Files.exists(bundleFile(k))).map(ModelKind::id).toList();
        List<String> untrained = missing.stream().filter(k -> !Files.exists(bundleFile(k))).map(ModelKind::id).toList();
        StringBuilder sb = new StringBuilder("it needs at least two of its members ")
                .append(MEMBERS.stream().map(ModelKind::id).toList()).append("; ")
                .append(names.isEmpty() ? "none is" : String.join(", ", names) + (names.size() == 1 ? " is" : " are"))
                .append(" trained and scored here");
        if (!trainedNotScored.isEmpty()) sb.append("; trained but left out by --models: ").append(String.join(", ", trainedNotScored));
        if (!untrained.isEmpty()) {
            sb.append("; not trained: ").append(String.join(", ", untrained)).append(" (`mixer train --model ")
                    .append(untrained.get(0)).append("`)");
        }
        if (Files.exists(bundleFile(ModelKind.DESCRIPTOR_MLP))) sb.append("; descriptor-mlp is an ablation, not a member");
        return sb.toString();
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private Path bundleFile(ModelKind k) {
        return modelsDir.resolve(k.id() + (quick ? "-quick" : "") + ".zip");
    }
}

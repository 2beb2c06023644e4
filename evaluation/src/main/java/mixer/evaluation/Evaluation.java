package mixer.evaluation;

import mixer.dataset.DatasetProvenance;
import mixer.dataset.Example;
import mixer.dataset.FinishedLevel;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.Task;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.FolderLock;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.ParamsFile;
import mixer.dsp.provenance.Sha256;
import mixer.evaluation.ensemble.EnsembleFitter;
import mixer.evaluation.metrics.Audibility;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.Bootstrap;
import mixer.evaluation.metrics.Floor;
import mixer.evaluation.report.ReportData;
import mixer.evaluation.report.ReportWriter;
import mixer.evaluation.report.TrainingHistory;
import mixer.training.EnsembleBundle;
import mixer.training.ModelBundle;
import mixer.training.ModelsFolder;
import mixer.training.WeightedEnsemble;
import mixer.training.models.ModelKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The evaluation job in one call (what {@code mixer evaluate} and {@code mixer reproduce} run, and a
 * notebook can): trained bundles over a split of a dataset, with the saved weighted ensemble (fitted on
 * the validation split and saved only when there is none, or afresh into a new file when asked),
 * the training-mean baseline, parameter and audio metrics, the report, and optionally a mix of every
 * scored input.
 */
public final class Evaluation {

    /** The ensemble's members; the descriptor MLP is an ablation, reported but not ensembled. */
    public static final List<ModelKind> MEMBERS = List.of(ModelKind.BASELINE_CNN, ModelKind.ENHANCED_CNN, ModelKind.AST);

    /**
     * What to evaluate.
     *
     * @param manifest the dataset
     * @param modelsDir where the bundles ({@code <model>.zip}) and the ensemble are
     * @param models   the models to score; empty: every trained one
     * @param split    the split to score
     * @param quick    score the {@code --quick} models ({@code <model>-quick.zip}, {@code ensemble-quick.json})
     * @param seed     the bootstrap's seed
     * @param ensemble the saved ensemble to score with; null: the default file of the models folder
     * @param refitTo  fit the ensemble afresh into this new file (never an existing one) and score with it; or null
     * @param out      the report folder
     * @param mixDir   also mix every scored input into this folder; or null
     * @param refine   also score each model's predictions refined with the exact chain ({@link Refinement}), as
     *                 "{@code <model> + refine}"
     */
    public record Options(Path manifest, Path modelsDir, List<ModelKind> models, Split split, boolean quick, long seed,
                          Path ensemble, Path refitTo, Path out, Path mixDir, boolean refine) {

        public Options {
            models = List.copyOf(models);
            if (refitTo != null && ensemble != null) {
                throw new IllegalArgumentException("--ensemble and --refit-ensemble: give one (--refit-ensemble scores with the ensemble it fits)");
            }
            if (refitTo != null && Files.exists(refitTo)) {
                throw new IllegalArgumentException("--refit-ensemble " + refitTo + ": the file exists; name a new file "
                        + "(a saved ensemble is never overwritten), or score with it: --ensemble " + refitTo
                        + " (an interrupted evaluate that fitted it goes on so)");
            }
        }

        /** Where a model's bundle is. */
        public Path bundleFile(ModelKind k) {
            return bundleFile(k, quick);
        }

        /** Where a model's bundle of a full run ({@code quick} false) or of a --quick run is. */
        Path bundleFile(ModelKind k, boolean quick) {
            return modelsDir.resolve(ModelsFolder.named(k.id(), quick) + ".zip");
        }

        /** The ensemble file scored with unless another is named. */
        public Path defaultEnsemble() {
            return modelsDir.resolve(ModelsFolder.named("ensemble", quick) + ".json");
        }
    }

    /**
     * What came of it.
     *
     * @param data          the report's content
     * @param report        the files written
     * @param whyNoEnsemble why there is no ensemble in it (null when there is one)
     */
    public record Result(ReportData data, ReportWriter.Report report, String whyNoEnsemble) {
    }

    /** The ensemble scored in a run (null when none), its file, whether it was fitted now, and why there is none. */
    private record EnsembleChoice(EnsembleBundle bundle, Path file, boolean fittedNow, String whyNone) {
    }

    private final Options options;
    private final Consumer<String> log;

    private Evaluation(Options options, Consumer<String> log) {
        this.options = options;
        this.log = log;
    }

    /** Runs the whole evaluation; progress and notes go to {@code log}. */
    public static Result run(Options options, Consumer<String> log) throws IOException {
        if (DatasetProvenance.isDataset(options.out())) { // its provenance.json would be the report's
            throw new IOException(options.out() + ": a mixer dataset; a report goes into a folder of its own (e.g. runs/report/restore)");
        }
        mixer.evaluation.report.ReportWriter.refuseOthersFiles(options.out());
        try (FolderLock lock = FolderLock.take(options.out(), "writing a report")) { // one report at a time in a folder
            return new Evaluation(options, log).run();
        }
    }

    /**
     * Warns of a model trained on another dataset whose training or validation tracks are among the tracks scored here
     * (the same corpus built again with another seed, or as an evaluation-only --split test dataset): its scores on them
     * are optimistic, and nothing else said so. Tracks are told apart by their source files; a model whose training
     * manifest is gone is not checked, and one whose training dataset was built again since is said to be uncheckable.
     */
    private void warnOfSeenTracks(Manifest manifest, Split s, Map<String, ModelBundle> bundles) throws IOException {
        Map<Path, String> scored = new LinkedHashMap<>(); // the source files of the rows scored here, and their tracks' names
        for (Example e : manifest.split(s)) scored.put(manifest.resolve(e.source()), manifest.resolve(e.source()).getFileName().toString());
        String sha256 = Sha256.of(manifest.file());
        for (Map.Entry<String, ModelBundle> b : bundles.entrySet()) {
            if (!(b.getValue().provenance().get("dataset") instanceof Map<?, ?> d) || d.get("manifest") == null) continue;
            if (sha256.equals(d.get("manifest_sha256"))) continue; // trained on this dataset: its splits keep the tracks apart
            Path trainedOn = Path.of(String.valueOf(d.get("manifest")));
            Manifest training;
            try {
                training = Manifest.read(trainedOn);
            } catch (IOException gone) {
                continue;
            }
            if (d.get("manifest_sha256") != null && !Sha256.of(trainedOn).equals(d.get("manifest_sha256"))) {
                // built again in place (another --seed): its tracks now are not the ones the model trained on, and read
                // as if they were, the check found none seen and said nothing (a helper's walk: 9 of 11 seen)
                log.accept("warning: " + b.getKey() + " was trained on " + trainedOn + ", which has been built again since (its "
                        + "manifest is another now): whether it trained on the tracks scored here cannot be told; train it "
                        + "again on a dataset whose test tracks it has not seen");
                continue;
            }
            java.util.Set<String> seen = new java.util.TreeSet<>();
            for (Example e : training.examples()) {
                String track = e.split() == Split.TEST ? null : scored.get(training.resolve(e.source()));
                if (track != null) seen.add(track);
            }
            if (seen.isEmpty()) continue;
            List<String> some = seen.stream().limit(5).toList();
            log.accept(String.format(Locale.ROOT, "warning: %s was trained on %s, whose training and validation tracks include %d of "
                    + "the %d tracks scored here (%s%s): its scores here are optimistic; score it on a dataset built from other "
                    + "tracks, or on the test split of the one it was trained on", b.getKey(), trainedOn, seen.size(),
                    new java.util.HashSet<>(scored.values()).size(), String.join(", ", some), seen.size() > some.size() ? ", ..." : ""));
        }
    }

    /** Where only a --quick run's models are there, how to score them; else nothing. */
    private String quickOnes() {
        if (options.quick()) return "";
        for (ModelKind k : ModelKind.values()) {
            if (Files.exists(options.bundleFile(k, true))) {
                return " (a --quick run's models are there: score them with --quick)";
            }
        }
        return "";
    }

    private Result run() throws IOException {
        long t0 = System.nanoTime();
        Manifest manifest = Manifest.read(options.manifest());
        Split s = options.split();
        List<ModelKind> kinds = new ArrayList<>(options.models());
        if (kinds.isEmpty()) {
            for (ModelKind k : ModelKind.values()) if (Files.exists(options.bundleFile(k))) kinds.add(k);
        }
        if (kinds.isEmpty()) {
            throw new IOException("no trained models in " + options.modelsDir() + "/: run `" + trainCommand(ModelKind.BASELINE_CNN)
                    + "` (and enhanced-cnn, ast) or `mixer reproduce" + (options.quick() ? " --quick" : "") + "`" + quickOnes());
        }
        Evaluator evaluator = new Evaluator(manifest, log);
        evaluator.checkPairs(s);
        Map<String, ModelBundle> bundles = new LinkedHashMap<>();
        for (ModelKind k : kinds) {
            Path f = options.bundleFile(k);
            if (!Files.exists(f)) throw new IOException(f + ": no such model bundle; train it with `" + trainCommand(k) + "`" + quickOnes());
            bundles.put(k.id(), ModelBundle.load(f, k));
        }

        warnOfSeenTracks(manifest, s, bundles);
        EnsembleChoice choice = chooseEnsemble(evaluator, manifest, bundles);
        EnsembleBundle ensemble = choice.bundle();
        if (ensemble != null && s == Split.VALIDATION && (choice.fittedNow() || fittedOn(ensemble, manifest))) {
            log.accept("warning: --split validation scores the ensemble on the rows its weights were fitted on: "
                    + "its MAE there is optimistic; compare models on the test split");
        }

        Map<String, Predictions> predictions = new LinkedHashMap<>();
        for (Map.Entry<String, ModelBundle> b : bundles.entrySet()) predictions.put(b.getKey(), evaluator.predict(b.getKey(), b.getValue(), s));
        if (ensemble != null) {
            predictions.put(WeightedEnsemble.NAME, EnsembleFitter.apply(ensemble.ensemble(), new ArrayList<>(predictions.values())));
        }
        if (evaluator.task().hasReference()) { // the second stage of a two-stage estimate: up to two seconds a row and model
            // a first look: the ensemble's alone, from its own settings (not its members' too)
            List<Predictions> staged = options.quick() && predictions.containsKey(WeightedEnsemble.NAME)
                    ? List.of(predictions.get(WeightedEnsemble.NAME)) : new ArrayList<>(predictions.values());
            List<String> members = ensemble == null ? List.of() : ensemble.ensemble().models();
            for (Predictions r : Refinement.secondStage(staged, members, manifest, evaluator.task(), log)) predictions.put(r.model(), r);
        }
        if (options.refine()) {
            // against a reference a refinement costs seconds a row (a search over the settings): from second stages only (as
            // `mixer estimate --refine` and `mixer mix --reference --refine` start), the ensemble's where there is one
            String start = WeightedEnsemble.NAME + Refinement.SECOND_STAGE;
            List<Predictions> refined = !evaluator.task().hasReference() ? new ArrayList<>(predictions.values())
                    : predictions.containsKey(start) ? List.of(predictions.get(start))
                    : predictions.values().stream().filter(p -> p.model().endsWith(Refinement.SECOND_STAGE)).toList();
            for (Predictions r : Refinement.refine(refined, manifest, evaluator.task(), log)) predictions.put(r.model(), r);
        }
        Predictions mean = evaluator.trainingMean().predict(predictions.values().iterator().next());
        List<Predictions> scored = new ArrayList<>(predictions.values());
        scored.add(mean);

        Bootstrap bootstrap = Bootstrap.withSeed(options.seed());
        // a first look renders the ensemble's rows only (beside the raw input): every model's mixes took half its time
        List<Predictions> heard = options.quick() && predictions.containsKey(WeightedEnsemble.NAME)
                ? scored.stream().filter(p -> p.model().startsWith(WeightedEnsemble.NAME)).toList() : scored;
        AudioEvaluation audio = s == Split.TRAIN ? null : evaluator.audio(heard, bootstrap, 2);

        ReportData.Builder report = ReportData.builder("mixer evaluation: " + s.id() + " split of " + manifest.file()
                        + (evaluator.task() == Task.RESTORE ? "" : " (" + evaluator.task().id() + " task)"), bootstrap)
                .task(evaluator.task()).audio(audio).ensemble(ensemble);
        for (Predictions p : predictions.values()) report.model(p);
        report.baseline(mean);
        audibility(manifest, evaluator.task(), mean, report);
        report.floor(floor(manifest, evaluator.task()));
        // each bundle carries the history of the run that made it (a run folder may since hold another task's run)
        for (Map.Entry<String, ModelBundle> b : bundles.entrySet()) {
            if (!b.getValue().history().isEmpty()) report.history(TrainingHistory.of(b.getKey(), b.getValue().history()));
        }
        report.provenance("command", "mixer evaluate" + (options.quick() ? " --quick" : ""));
        report.provenance("dataset", manifest.file().toString());
        report.provenance("dataset_manifest_sha256", Sha256.of(manifest.file())); // a dataset rebuilt at the same path is another
        report.provenance("split", s.id());
        if (options.refine()) report.provenance("refine", "each model also refined with the exact chain (" + Refinement.SUFFIX.trim() + ")");
        report.provenance("ensemble", ensemble == null ? "none: " + choice.whyNone()
                : choice.file() + (choice.fittedNow() ? " (fitted in this run)" : " (saved)"));
        for (Map.Entry<String, ModelBundle> b : bundles.entrySet()) report.modelBundle(b.getKey(), b.getValue().provenance());
        report.provenance("wall_seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        ReportData data = report.build();
        ReportWriter.Report written = new ReportWriter().write(options.out(), data);

        if (options.mixDir() != null) mix(manifest, data);
        return new Result(data, written, choice.whyNone());
    }

    /**
     * Which stages are audible in each scored row ({@link Audibility}): its audio with every stage applied (blind
     * restore's finished track, the finished mix estimate analyses, a match task's reference), the music it was made
     * from (the finished track itself, the source, the raw input) and its true settings.
     */
    private void audibility(Manifest manifest, Task task, Predictions rows, ReportData.Builder report) throws IOException {
        String mixed = switch (task) {
            case RESTORE -> "source";
            case ESTIMATE -> "audio";
            case MATCH_SAME, MATCH_OTHER -> Manifest.REFERENCE;
        };
        String music = switch (task) {
            case RESTORE, ESTIMATE -> "source";
            case MATCH_SAME, MATCH_OTHER -> "audio";
        };
        long t0 = System.nanoTime();
        List<boolean[]> flags = inParallel(rows.exampleIds(), id -> {
            Example e = manifest.example(id);
            Audio heard = manifest.readAudio(e, mixed);
            return Audibility.of(heard, mixed.equals(music) ? heard : manifest.readAudio(e, music), MixSettings.ofNormalized(e.targets()));
        });
        for (int i = 0; i < flags.size(); i++) report.audible(rows.exampleIds().get(i), flags.get(i));
        log.accept(String.format(Locale.ROOT, "audibility of every stage in %d rows, %.0f s", flags.size(), (System.nanoTime() - t0) / 1e9));
    }

    /**
     * The task's floor from its dataset's training tracks ({@link Floor}): blind restore's from their spread, match
     * other's from the difference between their halves; null for match same (nothing of the music stands between its
     * input and its mix) and without training rows.
     */
    private Floor floor(Manifest manifest, Task task) throws IOException {
        if (task != Task.RESTORE && task != Task.MATCH_OTHER) return null;
        List<Example> tracks = manifest.split(Split.TRAIN);
        if (tracks.isEmpty()) {
            log.accept("no training tracks in " + manifest.file() + ": no floor estimated");
            return null;
        }
        long t0 = System.nanoTime();
        Floor floor = task == Task.RESTORE
                ? Floor.blind(inParallel(tracks, e -> Floor.Measures.of(manifest.readAudio(e, "source"))))
                : Floor.matchOther(inParallel(tracks, e -> Arrays.stream(Task.halves(manifest.readAudio(e, "source")))
                        .map(Floor.Measures::of).toArray(Floor.Measures[]::new)));
        log.accept(String.format(Locale.ROOT, "floor of %s from %d training tracks: %.3f overall, %.0f s", ReportData.taskName(task),
                tracks.size(), floor.overall(), (System.nanoTime() - t0) / 1e9));
        return floor;
    }

    private interface Work<T, R> {
        R apply(T item) throws IOException;
    }

    /** {@code work} on every item, on the machine's cores, results in the items' order. */
    private static <T, R> List<R> inParallel(List<T> items, Work<T, R> work) throws IOException {
        try {
            return items.parallelStream().map(item -> {
                try {
                    return work.apply(item);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Mixes every scored input with the ensemble's settings (the best model's without one), chain and limiter,
     * the level set as {@code mixer mix} sets it on a restore.
     */
    private void mix(Manifest manifest, ReportData data) throws IOException {
        String model = data.models().contains(WeightedEnsemble.NAME) ? WeightedEnsemble.NAME
                : data.candidates().stream().min((a, b) -> Double.compare(data.metrics().get(a).mae().value(),
                        data.metrics().get(b).mae().value())).orElseThrow();
        Predictions p = data.predictions(model);
        Path dir = options.mixDir();
        Files.createDirectories(dir);
        for (int i = 0; i < p.size(); i++) {
            Example e = manifest.example(p.exampleIds().get(i));
            MixSettings ms = p.predictedSettings(i);
            Audio input = manifest.readAudio(e, "audio");
            if (data.task() == Task.RESTORE) { // as mixer mix sets the level
                ms = FinishedLevel.kept(ms, LoudnessMeter.measure(Renderer.render(input, ms, false)).integratedLufs());
            }
            String name = e.id().replaceAll("[^A-Za-z0-9._-]+", "_");
            Consumer<com.fasterxml.jackson.databind.node.ObjectNode> mixedBy = by -> {
                by.put("model", model);
                by.put("example", e.id());
                by.put("split", e.split().id());
                by.put("seed", e.seed());
                by.put("manifest", manifest.file().toString());
                by.put("render_with", "mixer render " + manifest.dir().resolve(e.audio()) + " -p " + name + ".json -o OUT.wav");
            };
            AudioWriter.write(Renderer.render(input, ms, true), dir.resolve(name + ".wav"), SampleFormat.PCM_24,
                    ParamsFile.described(ms, "_mixed_by", mixedBy));
            ParamsFile.write(ms, dir.resolve(name + ".json"), "_mixed_by", mixedBy);
            if ((i + 1) % 24 == 0 || i + 1 == p.size()) log.accept(String.format(Locale.ROOT, "mixed %d/%d test inputs with the %s", i + 1, p.size(), model));
        }
    }

    /**
     * The ensemble to score with. --refit-ensemble fits one into its new file; otherwise the saved one is used as
     * it is (its members checked against the bundles scored here), and only when there is none is one fitted on
     * the validation split and saved. A saved ensemble is never overwritten: fitted weights survive scoring
     * the models on another dataset.
     */
    private EnsembleChoice chooseEnsemble(Evaluator evaluator, Manifest manifest, Map<String, ModelBundle> bundles) throws IOException {
        Path saved = options.ensemble() != null ? options.ensemble() : options.defaultEnsemble();
        Path refitTo = options.refitTo();
        List<ModelKind> scored = MEMBERS.stream().filter(k -> bundles.containsKey(k.id())).toList();
        if (refitTo != null) {
            if (scored.size() < 2) throw new IOException("--refit-ensemble " + refitTo + ": cannot fit: " + membersNeeded(scored));
            EnsembleBundle e = fit(evaluator, manifest, bundles, scored, refitTo);
            log.accept(String.format(Locale.ROOT, "ensemble fitted afresh on %d validation rows of %d tracks of %s and saved to %s "
                    + "(%s left as it is; score with the new one later with --ensemble %s)", e.validationRows(),
                    e.validationTracks(), manifest.file(), refitTo, saved, refitTo));
            return new EnsembleChoice(e, refitTo, true, null);
        }
        if (Files.exists(saved)) return savedEnsemble(saved, bundles);
        if (options.ensemble() != null) throw new IOException(saved + ": no such ensemble file (--ensemble)");
        if (scored.size() < 2) return new EnsembleChoice(null, null, false, membersNeeded(scored));
        if (manifest.split(Split.VALIDATION).isEmpty()) {
            return new EnsembleChoice(null, null, false, "no saved ensemble at " + saved + ", and " + manifest.file()
                    + " has no validation rows to fit one on; fit it on a dataset with a validation split (`mixer evaluate "
                    + "--data <that manifest>`) and score this one after");
        }
        EnsembleBundle e = fit(evaluator, manifest, bundles, scored, saved);
        log.accept(String.format(Locale.ROOT, "no saved ensemble at %s: fitted one on %d validation rows of %d tracks of %s "
                + "(validation MAE %.4f, weights shrunk %.0f %% toward the shared ones) and saved it there; later runs score with it as it is",
                saved, e.validationRows(), e.validationTracks(), manifest.file(),
                Arrays.stream(e.validationMae().get(WeightedEnsemble.NAME)).average().orElseThrow(),
                100 * ((Number) e.provenance().get("shrinkage_toward_shared_weights")).doubleValue()));
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
            saved.add(EnsembleBundle.Member.of(k.id(), options.bundleFile(k), file));
        }
        EnsembleFitter.Fit fit = EnsembleFitter.fit(validation);
        Map<String, Object> extra = new LinkedHashMap<>(); // a fixed key order: the same file run after run
        extra.put("dataset", manifest.file().toString());
        extra.put("dataset_manifest_sha256", Sha256.of(manifest.file()));
        extra.put("command", "mixer evaluate" + (options.quick() ? " --quick" : "")
                + (options.refitTo() != null ? " --refit-ensemble " + options.refitTo() : ""));
        EnsembleBundle e = fit.bundle(saved, extra);
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        e.save(file);
        return e;
    }

    /**
     * `mixer train` of a model this run would score: on this dataset (without --data, train takes data/dataset's task and
     * folder), --quick as asked, and the bundle where this run looks for it where --models-dir is not the dataset's folder
     * (without --bundle train put it in the task's folder, where this run does not look).
     */
    private String trainCommand(ModelKind k) throws IOException {
        StringBuilder c = new StringBuilder("mixer train --model ").append(k.id()).append(options.quick() ? " --quick" : "")
                .append(" --data ").append(options.manifest());
        if (modelsElsewhere()) c.append(" --bundle ").append(options.bundleFile(k));
        return c.toString();
    }

    /** Whether the models scored here are outside the dataset's task's folder, where train puts them and evaluate looks. */
    private boolean modelsElsewhere() throws IOException {
        Task task = DatasetProvenance.of(options.manifest().toAbsolutePath().getParent()).task();
        return !options.modelsDir().equals(ModelsFolder.of(task));
    }

    /**
     * `mixer evaluate` of what this run scores: its dataset, --quick, and the models' folder where it is not the dataset's
     * (without them the advice scored blind restore's full models in models/).
     */
    private String evaluateCommand() throws IOException {
        StringBuilder c = new StringBuilder("mixer evaluate").append(options.quick() ? " --quick" : "").append(" --data ").append(options.manifest());
        if (modelsElsewhere()) c.append(" --models-dir ").append(options.modelsDir());
        return c.toString();
    }

    /** How to fit a stale saved ensemble again: into a new file, or in its place. */
    private String refitAdvice(Path file) throws IOException {
        Path newFile = file.resolveSibling("ensemble-refit.json");
        String again = evaluateCommand();
        return "; fit the ensemble again with `" + again + " --refit-ensemble " + newFile + "` (a new file, which later "
                + "evaluations take with --ensemble " + newFile + " and mix with --model " + newFile + "), or remove " + file
                + " and run `" + again + "` to fit it there";
    }

    /** The saved ensemble, when its members are the bundles scored here, unchanged since the fit. */
    private EnsembleChoice savedEnsemble(Path file, Map<String, ModelBundle> bundles) throws IOException {
        EnsembleBundle e = EnsembleBundle.load(file);
        List<String> notScored = e.ensemble().models().stream().filter(m -> !bundles.containsKey(m)).toList();
        if (!notScored.isEmpty()) { // not used here, so its members' state is not this run's business
            return new EnsembleChoice(null, null, false, "the saved ensemble " + file + " needs its member(s) "
                    + String.join(", ", notScored) + ", which are not scored here (add them to --models)");
        }
        try {
            e.verifyMembers(file);
        } catch (IOException changed) {
            String why = changed.getMessage().replace("; fit the ensemble again" + EnsembleBundle.REFIT_HOW, "");
            throw new IOException(why + refitAdvice(file), changed);
        }
        for (EnsembleBundle.Member m : e.members()) {
            Path scoredFile = options.bundleFile(ModelKind.of(m.name()));
            if (!Sha256.of(scoredFile).equals(m.sha256())) {
                throw new IOException(file + ": member " + m.name() + " was fitted with " + e.memberBundle(file, m.name())
                        + ", not with the bundle scored here, " + scoredFile + refitAdvice(file));
            }
        }
        log.accept(String.format(Locale.ROOT, "scoring with the saved ensemble %s (members %s, fitted on %d validation rows of %d tracks%s)",
                file, String.join(", ", e.ensemble().models()), e.validationRows(), e.validationTracks(),
                e.provenance().containsKey("dataset") ? " of " + e.provenance().get("dataset") : ""));
        return new EnsembleChoice(e, file, false, null);
    }

    /**
     * Whether the ensemble's weights were fitted on this dataset (its validation rows): the same manifest by its
     * content, whatever path names it; by the path, made absolute, for an ensemble saved without the manifest's hash.
     */
    static boolean fittedOn(EnsembleBundle ensemble, Manifest manifest) throws IOException {
        Map<String, Object> provenance = ensemble.provenance();
        Object sha256 = provenance.get("dataset_manifest_sha256");
        if (sha256 != null) return sha256.equals(Sha256.of(manifest.file()));
        Object dataset = provenance.get("dataset");
        return dataset != null && Path.of(dataset.toString()).toAbsolutePath().normalize()
                .equals(manifest.file().toAbsolutePath().normalize());
    }

    /** Why there is no ensemble when fewer than two members are scored: which are, which are needed. */
    private String membersNeeded(List<ModelKind> scored) throws IOException {
        List<String> names = scored.stream().map(ModelKind::id).toList();
        List<ModelKind> missing = MEMBERS.stream().filter(k -> !scored.contains(k)).toList();
        List<String> trainedNotScored = missing.stream().filter(k -> Files.exists(options.bundleFile(k))).map(ModelKind::id).toList();
        List<String> untrained = missing.stream().filter(k -> !Files.exists(options.bundleFile(k))).map(ModelKind::id).toList();
        StringBuilder sb = new StringBuilder("it needs at least two of its members ")
                .append(MEMBERS.stream().map(ModelKind::id).toList()).append("; ")
                .append(names.isEmpty() ? "none is" : String.join(", ", names) + (names.size() == 1 ? " is" : " are"))
                .append(" trained and scored here");
        if (!trainedNotScored.isEmpty()) sb.append("; trained but left out by --models: ").append(String.join(", ", trainedNotScored));
        if (!untrained.isEmpty()) {
            sb.append("; not trained: ").append(String.join(", ", untrained)).append(" (`")
                    .append(trainCommand(ModelKind.of(untrained.get(0)))).append("`)");
        }
        List<String> others = java.util.Arrays.stream(ModelKind.values())
                .filter(k -> !MEMBERS.contains(k) && Files.exists(options.bundleFile(k))).map(ModelKind::id).toList();
        if (!others.isEmpty()) sb.append("; ").append(String.join(", ", others)).append(others.size() == 1 ? " is" : " are").append(" not a member");
        return sb.toString();
    }
}

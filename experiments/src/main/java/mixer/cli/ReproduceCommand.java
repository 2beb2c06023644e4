package mixer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mixer.dataset.DatasetBuilder;
import mixer.dataset.ExampleStore;
import mixer.dataset.corpus.CorpusBuilder;
import mixer.dsp.io.FolderLock;
import mixer.dataset.corpus.DebianPackages;
import mixer.dataset.features.FeatureConfig;
import mixer.dsp.provenance.Provenance;
import mixer.evaluation.Evaluation;
import mixer.dataset.Split;
import mixer.dataset.Task;
import mixer.evaluation.report.ReportData;
import mixer.evaluation.report.TaskIndex;
import mixer.training.DatasetId;
import mixer.training.EnsembleBundle;
import mixer.training.ModelBundle;
import mixer.training.ModelsFolder;
import mixer.training.TrainConfig;
import mixer.training.Trainer;
import mixer.training.TrainingData;
import mixer.training.models.Architecture;
import mixer.training.models.Architectures;
import mixer.training.models.ModelKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"The main job on the default data, each step run only when its result is out of date: the corpus "
                + "(fetched unless data/corpus was made with these settings), the dataset (rebuilt when the tracks, its options "
                + "or the code changed), the baseline CNN, the enhanced CNN, the AST regressor and the descriptor-MLP "
                + "ablation (retrained unless the saved model was trained on this dataset, with these settings, by this "
                + "code; an interrupted run of the same settings resumes), the ensemble (fitted again when a member was "
                + "retrained), then the evaluation on the test split (each model with and without refinement; not with --quick), the mixes of the test inputs and the report; it ends "
                + "with each task's MAE table and the time of each step. Three tasks, each its own dataset, models and report: "
                + "blind restore, match other and match same (--task runs one); the 0.035 target is compared on the match tasks.",
                "Folders: data/corpus; blind restore: data/dataset, models/, runs/<model>; a match task: data/dataset-<task>, "
                + "models/<task>/, runs/<task>/<model>; every task: runs/report/<task>, runs/mixes/<task>; "
                + "runs/report/index.html puts the tasks side by side."})
final class ReproduceCommand implements Callable<Integer> {

    static final List<ModelKind> MODELS = List.of(ModelKind.BASELINE_CNN, ModelKind.ENHANCED_CNN, ModelKind.AST, ModelKind.DESCRIPTOR_MLP);

    @Option(names = "--quick", description = "A first look in minutes: --quick training (4 epochs), models named <model>-quick.")
    boolean quick;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per model (default: each model's own, 4 with --quick).")
    Integer epochs;

    // not Options.Seed ("everything this command draws"): the corpus, the splits and the renders stay the defaults', so
    // that runs of other seeds are compared on one dataset (how a second training seed was measured)
    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the training (default: ${DEFAULT-VALUE}): initial weights, examples, dropout. The corpus, the "
                    + "splits and the test renders are the defaults' whatever the seed, so runs of two seeds compare on one "
                    + "dataset; `mixer corpus fetch --seed` and `mixer dataset build --seed` draw other data.")
    long seed;

    @Option(names = "--dir", defaultValue = ".", paramLabel = "DIR",
            description = "The workspace: data/, models/ and runs/ are under it (default: the current folder).")
    Path dir;

    @Option(names = "--task", paramLabel = "TASK",
            description = "Run one task: restore (blind), match-other or match-same (match alone is match-same; default: all three, in that order).")
    String task;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The tasks reproduce runs, in this order; each its own dataset, models and report ({@link Layout}). */
    static final List<Task> TASKS = List.of(Task.RESTORE, Task.MATCH_OTHER, Task.MATCH_SAME);

    /**
     * Where a task's work lives in the workspace. Blind restore keeps the folders it always had (data/dataset,
     * models/, runs/<model>), so `mixer mix` finds its models where it did; a match task has its own
     * (data/dataset-<task>, models/<task>/, runs/<task>/<model>). Every task's report is runs/report/<task>/.
     */
    record Layout(Path dataset, Path models, Path runs, Path report, Path mixes) {
        static Layout of(Path dir, Task task, boolean quick) {
            return new Layout(dir.resolve(ModelsFolder.dataset(task)),
                    dir.resolve(ModelsFolder.of(task)),
                    dir.resolve(ModelsFolder.runs(task)),
                    dir.resolve(ModelsFolder.report(task, quick)),
                    dir.resolve(ModelsFolder.named("runs/mixes", quick)).resolve(task.id()));
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Task> tasks;
        try {
            tasks = task == null ? TASKS : List.of(Task.of(task));
        } catch (IllegalArgumentException e) {
            tasks = List.of(); // unknown: said below as for a task reproduce does not run
        }
        if (tasks.isEmpty() || !TASKS.containsAll(tasks)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--task " + task + ": reproduce runs restore, match-other or match-same");
        }
        if (epochs != null && epochs < 1) { // before the corpus is fetched, not after
            throw new CommandLine.ParameterException(spec.commandLine(), "--epochs " + epochs + ": train at least one epoch");
        }
        try (FolderLock lock = FolderLock.take(dir, "mixer reproduce")) { // a second reproduce here would train into this one's runs
            return reproduce(tasks);
        }
    }

    private int reproduce(List<Task> tasks) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        StepTimes times = new StepTimes();
        Path corpusDir = dir.resolve("data/corpus");
        // 1. the corpus: fetching is slow (downloads) and needs apt; a corpus made with these settings is kept
        CorpusBuilder.Options corpus = CorpusBuilder.Options.defaults(corpusDir);
        String corpusStale = staleCorpus(corpus);
        if (corpusStale == null) {
            err.println("== corpus: up to date (" + corpusDir.resolve("corpus.json") + ": the same seed, limit and packages)");
        } else {
            err.println("== corpus: " + corpusStale);
            new CorpusBuilder(corpus, new DebianPackages(corpus.cacheDir().resolve("debs"), "apt-get"), err::println).build();
        }
        times.end("corpus");
        for (Task t : tasks) {
            String name = tasks.size() == 1 ? "" : t.id() + " ";
            Evaluation.Result r = reproduce(t, corpusDir, name, times, err);
            out.println("== " + ReportData.taskName(t) + ": " + t.describe());
            EvaluateCommand.printTable(r.data(), r.whyNoEnsemble(), out);
            out.printf("report: %s%n", r.report().html());
        }
        Path index = TaskIndex.write(dir.resolve(ModelsFolder.reports(quick)), TASKS.stream().map(Task::id).toList());
        out.printf("tasks side by side: %s%n", index);
        out.println(times);
        return 0;
    }

    /** One task: its dataset, the four models, the ensemble and the evaluation. */
    private Evaluation.Result reproduce(Task t, Path corpusDir, String name, StepTimes times, PrintWriter err) throws Exception {
        Layout layout = Layout.of(dir, t, quick);
        // 2. the dataset decides by itself: the same tracks, options and code give the same dataset
        err.println("== " + name + "dataset");
        DatasetBuilder.Options defaults = DatasetBuilder.Options.defaults(corpusDir, layout.dataset());
        new DatasetBuilder(new DatasetBuilder.Options(defaults.corpusDir(), defaults.outDir(), t, defaults.seed(), defaults.minSeconds(),
                defaults.examplesPerTestTrack(), defaults.examplesPerValidationTrack(), defaults.splits()), err::println).build();
        Path manifest = layout.dataset().resolve("manifest.csv");
        DatasetId dataset = DatasetId.of(manifest);
        times.end(name + "dataset");
        // 3. the models
        boolean trainedAny = false;
        for (ModelKind k : MODELS) {
            Architecture architecture = Architectures.of(k);
            TrainConfig defaultConfig = TrainConfig.defaults(architecture, t, quick);
            TrainConfig.Builder b = defaultConfig.toBuilder().seed(seed)
                    .files(layout.runs().resolve(defaultConfig.runDir().getFileName()), layout.models().resolve(defaultConfig.bundle().getFileName()));
            if (epochs != null) b.epochs(epochs);
            TrainConfig config = b.build();
            String stale = staleModel(config, dataset);
            if (stale == null) {
                err.println("== " + name + "train " + k.id() + ": up to date (" + config.bundle() + ": this dataset, these settings, this code)");
                times.end(name + "train " + k.id());
                continue;
            }
            boolean resume = new Trainer(config, architecture).canResume(FeatureConfig.DEFAULT, dataset);
            err.println("== " + name + "train " + k.id() + ": " + stale + (resume ? "; resuming the interrupted run in " + config.runDir() : ""));
            Trainer.Result r = TrainCommand.train(config.toBuilder().resume(resume).build(), architecture, manifest, err);
            err.printf(Locale.ROOT, "%s: best validation MAE %.4f at epoch %d of %d, %s%n", k.id(), r.bestValMae(), r.bestEpoch(),
                    r.epochsRun(), TrainCommand.duration(r.wallSeconds()));
            trainedAny = true;
            times.end(name + "train " + k.id());
        }
        long freed = ExampleStore.clear(layout.dataset().resolve(TrainingData.EXAMPLES)); // the models made from them are saved
        if (freed > 0) err.printf(Locale.ROOT, "removed the training examples kept for the models (%.1f GB)%n", freed / 1e9);
        // 4. the ensemble: evaluate scores with a saved one as it is, so one fitted to other models must go
        Evaluation.Options evaluation = new Evaluation.Options(manifest, layout.models(), List.of(), Split.TEST, quick, 1, null,
                null, layout.report(), layout.mixes(),
                !quick); // refinement costs about 10 minutes on the default data: not in a first look
        Map<String, Path> members = new LinkedHashMap<>();
        for (ModelKind k : Evaluation.MEMBERS) {
            if (Files.exists(evaluation.bundleFile(k))) members.put(k.id(), evaluation.bundleFile(k));
        }
        Path ensemble = evaluation.defaultEnsemble();
        String staleEnsemble = staleEnsemble(ensemble, members, trainedAny);
        if (staleEnsemble != null) {
            Files.delete(ensemble);
            err.println("== " + name + "ensemble: removed " + ensemble + " (" + staleEnsemble + "); the evaluation fits a new one on the validation split");
        }
        // 5. the evaluation, always: it is what the run reports
        err.println("== " + name + "evaluate");
        Evaluation.Result r = Evaluation.run(evaluation, err::println);
        times.end(name + "evaluate");
        return r;
    }

    /**
     * Wall time and peak resident memory of each step, in order, for the closing line (the README quotes both: the
     * launcher's memory bounds are chosen from them). The peak is {@link HeapPeak#peakResidentBytes()}, reset at each
     * step's end, so the largest step's peak is the run's; where it is unknown (not Linux) only the times are given.
     */
    static final class StepTimes {
        private record Step(double seconds, OptionalLong peakBytes) {
        }

        private final Map<String, Step> steps = new LinkedHashMap<>();
        private final long started = System.nanoTime();
        private long last = started;

        StepTimes() {
            HeapPeak.resetResidentPeak(); // the corpus step's peak is its own, not the JVM's start's
        }

        void end(String step) {
            long now = System.nanoTime();
            steps.put(step, new Step((now - last) / 1e9, HeapPeak.peakResidentBytes()));
            HeapPeak.resetResidentPeak();
            last = now;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("step times:");
            steps.forEach((name, s) -> {
                b.append(String.format(Locale.ROOT, " %s %.1f min", name, s.seconds() / 60));
                s.peakBytes().ifPresent(bytes -> b.append(String.format(Locale.ROOT, " (peak %.1f GB)", bytes / 1e9)));
                b.append(';');
            });
            return b.append(String.format(Locale.ROOT, " total %.1f min", (last - started) / 60e9)).toString();
        }
    }

    /** Why the corpus must be fetched, or null when data/corpus was made with these settings. */
    static String staleCorpus(CorpusBuilder.Options o) {
        Path file = o.dir().resolve("corpus.json");
        if (!Files.isRegularFile(file) || !Files.isRegularFile(o.dir().resolve(CorpusBuilder.CREDITS))) {
            return "no corpus in " + o.dir() + " yet: fetching it";
        }
        try {
            JsonNode c = new ObjectMapper().readTree(file.toFile());
            List<String> packages = o.soundtracks().stream().map(s -> s.packageName()).sorted().toList();
            List<String> made = new java.util.ArrayList<>();
            c.path("packages").fieldNames().forEachRemaining(made::add);
            made.sort(null);
            if (c.path("seed").asLong() != o.seed() || c.path("limit").asInt() != o.limit() || !packages.equals(made)) {
                return file + " was made with other settings: fetching again";
            }
            return null;
        } catch (IOException e) {
            return file + " is unreadable (" + e.getMessage() + "): fetching again";
        }
    }

    /**
     * Why a model must be trained, or null when its bundle was trained on this dataset (its manifest's and its
     * corpus's SHA-256: {@link DatasetId}), with these settings, by this code (the git commit).
     */
    static String staleModel(TrainConfig config, DatasetId dataset) {
        if (!Files.isRegularFile(config.bundle())) return "no model at " + config.bundle() + " yet";
        Map<String, Object> p;
        try {
            p = ModelBundle.load(config.bundle()).provenance();
        } catch (IOException e) {
            return config.bundle() + " cannot be used (" + e.getMessage() + ")";
        }
        return staleProvenance(config, dataset, p);
    }

    /** {@link #staleModel}'s verdict on a bundle's provenance {@code p}. */
    static String staleProvenance(TrainConfig config, DatasetId dataset, Map<String, Object> p) {
        String otherwise = ModelBundle.trainedOtherwise(p, config, dataset);
        if (otherwise != null) return otherwise;
        if (p.get("steps") != null) { // `mixer train --spark`: parameter averaging, not the arithmetic of a run in one process
            return "trained on " + p.get("steps") + "; reproduce trains in this process";
        }
        Object code = p.get("provenance") instanceof Map<?, ?> q ? q.get("git_commit") : null;
        String now = Provenance.currentGitCommit();
        if (!now.equals(code)) return "trained by code " + code + ", now " + now + " (the results must come from this code)";
        return null;
    }

    /**
     * Why a saved ensemble no longer fits the member bundles (name -> file) it would be used with, or null
     * when it does (or there is none): a member was retrained in this run, or changed, or the trained
     * members are not the ensemble's.
     */
    static String staleEnsemble(Path file, Map<String, Path> members, boolean retrained) {
        if (!Files.exists(file)) return null;
        if (retrained) return "models were retrained in this run; its weights were fitted to the old ones";
        try {
            EnsembleBundle e = EnsembleBundle.load(file);
            e.verifyMembers(file);
            if (!new java.util.HashSet<>(e.ensemble().models()).equals(members.keySet())) {
                return "its members are " + e.ensemble().models() + ", the trained ones " + members.keySet();
            }
            for (Map.Entry<String, Path> m : members.entrySet()) {
                if (!e.memberBundle(file, m.getKey()).equals(m.getValue().toAbsolutePath().normalize())) {
                    return "member " + m.getKey() + " was fitted from " + e.memberBundle(file, m.getKey()) + ", not " + m.getValue();
                }
            }
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}

package mixer.training;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import mixer.dataset.TrainingExamples;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.io.FolderLock;
import mixer.dsp.params.Param;
import mixer.dsp.provenance.Provenance;
import mixer.dsp.provenance.Sha256;
import mixer.training.models.Architecture;
import mixer.training.models.InputShape;
import mixer.training.models.LearningRate;
import mixer.training.models.ModelKind;
import mixer.training.models.Nd4jSeed;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Trains one network: epochs of fresh examples ({@link TrainConfig#examplesPerTrack()} of each track,
 * drawn on all cores while it trains), Adam with a cosine learning rate, validation MAE after every
 * epoch (each row heard as `mixer mix` hears a song), early stopping, the best network kept, and
 * an atomic checkpoint per epoch from which {@code resume} continues with the same result as an
 * uninterrupted run. Ends by writing the model bundle of the best epoch.
 *
 * <p>Files in {@link TrainConfig#runDir()}: {@code checkpoint.zip} (last epoch, with updater state),
 * {@code best.zip} (network of the best epoch), {@code history.csv} (one line per epoch).
 */
public final class Trainer {

    /** What a run reports as it goes; all methods are optional. */
    public interface Listener {
        default void message(String line) {
        }

        /** {@code epoch} is 1-based; {@code examples} is the number of training examples in it. */
        default void epochStarted(int epoch, int epochs, int examples, double learningRate) {
        }

        default void batchDone(int epoch, int examplesDone, int examples, double meanLoss) {
        }

        default void validating(int epoch, int windows) {
        }

        default void epochDone(EpochRecord record, boolean best) {
        }
    }

    /** The outcome: the bundle (also written to {@code bundleFile}) and the numbers of the summary. */
    public record Result(ModelBundle bundle, Path bundleFile, int bestEpoch, double bestValMae, int epochsRun,
                         boolean stoppedEarly, double wallSeconds, List<EpochRecord> history, int resumedAfterEpoch) {
    }

    /**
     * How an epoch's steps are taken: in this process on examples drawn on all cores, or data-parallel on a cluster
     * (module scale). Everything else of a run (validation, early stopping, checkpoints, the bundle) is the same.
     */
    public interface Steps {
        /**
         * Trains {@code net} in place on epoch {@code epoch}'s examples ({@code config.examplesPerTrack()} of each track of
         * {@code train}, normalised by {@code normalizer}); returns the mean training loss per setting.
         */
        double epoch(ComputationGraph net, TrainingExamples train, FeatureNormalizer normalizer, TrainConfig config, int epoch,
                     Listener listener);

        /** Where the steps ran, for the bundle's provenance ("this process", "spark local[2], ..."). */
        String describe();
    }

    public static final String CHECKPOINT = "checkpoint.zip";
    public static final String BEST = "best.zip";
    /**
     * A new best network waits here until the checkpoint that names it is written, then takes {@link #BEST}'s place: a
     * run stopped between the two files resumes with the best network its checkpoint knows (the checkpoint records its
     * SHA-256), not one of an epoch it will take again (the same one on this CPU, perhaps not on a GPU or a cluster).
     */
    static final String BEST_NEXT = "best.next.zip";
    public static final String HISTORY = "history.csv";

    /** Threads drawing training examples while the network trains (draws are pure, so any count gives the same batches). */
    private static final int DRAW_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final TrainConfig config;
    private final Architecture architecture;
    private final Steps cluster; // null: the steps are taken in this process

    public Trainer(TrainConfig config, Architecture architecture) {
        this(config, architecture, null);
    }

    /** A trainer whose epochs are taken by {@code cluster} (null: in this process). */
    public Trainer(TrainConfig config, Architecture architecture, Steps cluster) {
        if (config.model() != architecture.kind()) {
            throw new IllegalArgumentException("config is for " + config.model().id() + ", architecture builds " + architecture.kind().id());
        }
        this.config = config;
        this.architecture = architecture;
        this.cluster = cluster;
    }

    /** Where a run stands after its last finished epoch (fresh: before the first). */
    private static final class RunState {
        ComputationGraph net;
        FeatureNormalizer normalizer;
        ModelBundle live; // the network as it trains, as a predictor: validation hears rows as a song is heard
        List<EpochRecord> history = new ArrayList<>();
        int epochsDone;
        int bestEpoch;
        double bestMae = Double.POSITIVE_INFINITY;
        int sinceBest;
        double wallBefore;
        String bestSha256; // of the best network, as the next checkpoint records it
        boolean bestWaiting; // a new best in BEST_NEXT, not yet in BEST
    }

    /** Trains (or resumes) the run; one run at a time in its folder ({@link FolderLock}). */
    public Result train(TrainingData data, Listener listener) throws IOException {
        config.device().require();
        Path bundleFolder = config.bundle().toAbsolutePath().getParent();
        if (bundleFolder != null) Files.createDirectories(bundleFolder); // fails now, not after the last epoch
        if (Files.isDirectory(config.bundle())) {
            throw new IOException(config.bundle() + " is a folder; the bundle is a file (--bundle " + config.bundle().resolve(
                    config.model().id() + ".zip") + ")");
        }
        Path bundle = config.bundle().toAbsolutePath().normalize(), runDir = config.runDir().toAbsolutePath().normalize();
        for (String own : List.of(CHECKPOINT, BEST, BEST_NEXT, HISTORY, FolderLock.FILE)) {
            // the bundle written over the run's own file lost the checkpoint (or best network) that --resume reads
            if (bundle.equals(runDir.resolve(own))) {
                throw new IOException(config.bundle() + " is the run folder's own " + own + ", which the bundle would replace; "
                        + "give the bundle another name (--bundle " + config.runDir().resolve(config.model().id() + ".zip") + ")");
            }
        }
        try (FolderLock lock = FolderLock.take(config.runDir(), "training " + config.model().id())) {
            return trainInFolder(data, listener);
        }
    }

    private Result trainInFolder(TrainingData data, Listener listener) throws IOException {
        long started = System.nanoTime();
        String bundleBefore = fileState(config.bundle());
        Path checkpoint = config.runDir().resolve(CHECKPOINT);
        Path best = config.runDir().resolve(BEST);
        FeatureConfig features = data.train().config();
        ExecutorService drawPool = drawPool();
        Steps steps = cluster != null ? cluster : new LocalSteps(drawPool);
        try {
            RunState run = start(data, features, checkpoint, best, listener, drawPool);
            run.live = new ModelBundle(config.model(), features, run.normalizer, run.net, Map.of(), List.of());
            int resumedAfter = run.epochsDone;
            listener.message(config.model().id() + ": " + run.net.numParams() + " parameters, " + data.train().size()
                    + " training tracks x " + config.examplesPerTrack() + " examples an epoch, " + data.validation().size()
                    + " validation rows (" + data.validation().windows() + " windows), device " + config.device().describe()
                    + (cluster == null ? "" : ", steps on " + cluster.describe()));
            double sessionSeconds = (System.nanoTime() - started) / 1e9;
            if (resumedAfter > 0 && !(run.epochsDone < config.epochs() && run.sinceBest < config.patience())) {
                Result kept = finishedBundle(data, run, best);
                if (kept != null) {
                    listener.message("the run in " + config.runDir() + " had finished (" + run.epochsDone + " epochs, best epoch "
                            + run.bestEpoch + "); its bundle " + config.bundle() + " is kept as it is");
                    return kept;
                }
            }
            while (run.epochsDone < config.epochs() && run.sinceBest < config.patience()) {
                sessionSeconds += epoch(run, data, listener, steps);
                Checkpoint.write(checkpoint, run.net, run.normalizer, new Checkpoint.State(config.settings(), architecture.toString(),
                        features.key(), dataset(data).manifestSha256(), Provenance.currentGitCommit(), run.bestSha256, run.epochsDone,
                        run.bestEpoch, run.bestMae, run.sinceBest, run.wallBefore + sessionSeconds, stepsDescription(), config.device().id(),
                        trainAudioSha256(data), dataset(data).corpusSha256()),
                        run.history);
                if (run.bestWaiting) {
                    Files.move(config.runDir().resolve(BEST_NEXT), best, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    run.bestWaiting = false;
                }
                AtomicFiles.writeString(config.runDir().resolve(HISTORY), EpochRecord.toCsv(run.history));
                EpochRecord last = run.history.get(run.history.size() - 1);
                listener.epochDone(last, run.bestEpoch == last.epoch());
            }
            boolean stoppedEarly = run.sinceBest >= config.patience() && run.history.size() < config.epochs();
            if (stoppedEarly) listener.message("stopped early: no better validation MAE in " + config.patience() + " epochs");
            double wall = run.wallBefore + (System.nanoTime() - started) / 1e9;
            ComputationGraph bestNet = DlZip.network(best, false);
            Map<String, Object> provenance = provenance(data, run, stoppedEarly, wall, bestNet);
            ModelBundle bundle = new ModelBundle(config.model(), features, run.normalizer, bestNet, provenance, run.history);
            if (!fileState(config.bundle()).equals(bundleBefore)) {
                // another training with the same --bundle (and another run folder) wrote it while this one ran: both said
                // "bundle X", and the last to end won without a word
                throw new IOException(config.bundle() + " was written by another training while this one ran, so it is not "
                        + "replaced; this run's best network is in " + best + ": to make it the bundle, remove " + config.bundle()
                        + " and run the same command with --resume (a finished run writes its bundle again)");
            }
            bundle.save(config.bundle());
            return new Result(bundle, config.bundle(), run.bestEpoch, run.bestMae, run.history.size(), stoppedEarly, wall,
                    List.copyOf(run.history), resumedAfter);
        } finally {
            drawPool.shutdownNow();
        }
    }

    private static ExecutorService drawPool() {
        return Executors.newFixedThreadPool(DRAW_THREADS, r -> {
            Thread t = new Thread(r, "mixer-draws");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Examples per second of the whole training pipeline as an epoch runs it: {@code examplesPerTrack}
     * fresh examples of every track of {@code examples} made on all cores while {@code net} takes its
     * steps on them, from the first draw to the last step (what `mixer bench train` reports).
     */
    public static double pipelineExamplesPerSecond(ComputationGraph net, FeatureNormalizer normalizer, ModelKind kind,
                                                   TrainingExamples examples, int examplesPerTrack, int batch, int epoch) {
        ExecutorService pool = drawPool();
        try {
            long t0 = System.nanoTime();
            EpochBatches batches = new EpochBatches(examples, epoch, examplesPerTrack, batch, normalizer.preProcessor(kind), pool);
            while (batches.hasNext()) net.fit(batches.next());
            return examples.size() * examplesPerTrack / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A fresh run (normaliser fitted, network built) or the state of the checkpoint when resuming. */
    private RunState start(TrainingData data, FeatureConfig features, Path checkpoint, Path best, Listener listener,
                           ExecutorService drawPool) throws IOException {
        RunState run = new RunState();
        if (config.resume() && Files.isRegularFile(checkpoint)) {
            Checkpoint.Loaded c = Checkpoint.read(checkpoint);
            requireSameRun(c.state(), checkpoint, features, dataset(data), trainAudioSha256(data));
            settleBest(c.state(), best);
            run.bestSha256 = c.state().bestSha256();
            run.net = c.network();
            ConvolutionHelpers.install(run.net); // as in a fresh run, so a resumed run takes the same steps
            run.normalizer = c.normalizer();
            run.history.addAll(c.history());
            run.epochsDone = c.state().epochsDone();
            run.bestEpoch = c.state().bestEpoch();
            run.bestMae = c.state().bestValMae();
            run.sinceBest = c.state().epochsSinceBest();
            run.wallBefore = c.state().wallSeconds();
            listener.message("resuming " + checkpoint + " after epoch " + run.epochsDone + " (best so far: epoch " + run.bestEpoch
                    + ", validation MAE " + String.format(java.util.Locale.ROOT, "%.4f", run.bestMae) + ")");
            return run;
        }
        if (config.resume()) listener.message("no checkpoint in " + config.runDir() + ": starting afresh");
        else if (Files.isRegularFile(checkpoint)) {
            listener.message("starting afresh; the earlier run in " + config.runDir() + " stays until this one's first epoch "
                    + "replaces it (--resume continues it)");
        }
        // The earlier run's files stay until this run's first epoch writes its own (its best network, checkpoint and
        // history, in the order every epoch writes them): deleted here, a fresh start stopped before its first epoch
        // ended left a checkpoint without its best network, which neither run could resume.
        listener.message("fitting the feature normaliser on " + config.normalizerSample() + " training examples");
        run.normalizer = fitNormalizer(data.train(), config.normalizerSample(), drawPool);
        InputShape shape = new InputShape(run.normalizer.channels(), features.logMel().melBands(), features.frames(),
                run.normalizer.descriptorCount()); // a match task's pairs: six channels, three descriptor blocks
        run.net = architecture.build(shape, config.learningRate(), config.seed());
        ConvolutionHelpers.install(run.net); // convolutions through libnd4j's conv2d op (and oneDNN where chosen): 4-7x faster steps
        return run;
    }

    /** Trains and validates one epoch, keeps the network when it is the best so far; returns its seconds. */
    private double epoch(RunState run, TrainingData data, Listener listener, Steps steps) throws IOException {
        long t0 = System.nanoTime();
        int e = run.epochsDone; // 0-based index of this epoch
        double lr = config.learningRate(e);
        LearningRate.set(run.net, lr);
        Nd4j.getRandom().setSeed(epochSeed(config.seed(), e)); // dropout masks: a function of (seed, epoch) only
        listener.epochStarted(e + 1, config.epochs(), data.train().size() * config.examplesPerTrack(), lr);
        double loss = steps.epoch(run.net, data.train(), run.normalizer, config, e, listener);
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("the training loss became " + loss + " in epoch " + (e + 1) + "; lower the learning rate (--lr)");
        }
        listener.validating(e + 1, data.validation().windows());
        double[] perParam = data.validation().maePerParam(run.live);
        double mae = mean(perParam);
        double seconds = (System.nanoTime() - t0) / 1e9;
        run.history.add(new EpochRecord(e + 1, loss, mae, seconds, lr, perParam));
        run.epochsDone = e + 1;
        if (mae < run.bestMae) {
            run.bestMae = mae;
            run.bestEpoch = e + 1;
            run.sinceBest = 0;
            Path next = config.runDir().resolve(BEST_NEXT);
            DlZip.write(next, run.net, false, Map.of());
            run.bestSha256 = Sha256.of(next);
            run.bestWaiting = true;
        } else {
            run.sinceBest++;
        }
        return seconds;
    }

    /** An epoch in this process: its examples drawn on all cores ({@link EpochBatches}) while the network steps. */
    private static final class LocalSteps implements Steps {
        private final ExecutorService drawPool;

        LocalSteps(ExecutorService drawPool) {
            this.drawPool = drawPool;
        }

        @Override
        public double epoch(ComputationGraph net, TrainingExamples train, FeatureNormalizer normalizer, TrainConfig config, int epoch,
                            Listener listener) {
            int examples = train.size() * config.examplesPerTrack();
            EpochBatches batches = new EpochBatches(train, epoch, config.examplesPerTrack(), config.batch(),
                    normalizer.preProcessor(config.model()), drawPool);
            double lossSum = 0;
            int done = 0;
            try {
                while (batches.hasNext()) {
                    MultiDataSet batch = batches.next();
                    int n = (int) batch.getLabels(0).size(0);
                    net.fit(batch);
                    double loss = lossPerSetting(net, net.score());
                    if (!Double.isFinite(loss)) return loss; // the trainer says what to do
                    lossSum += loss * n;
                    done += n;
                    listener.batchDone(epoch + 1, done, examples, lossSum / done);
                }
            } finally {
                batches.cancel();
            }
            return lossSum / done;
        }

        @Override
        public String describe() {
            return "this process";
        }
    }

    /** Where this trainer takes its steps, as a checkpoint records it. */
    private String stepsDescription() {
        return cluster == null ? IN_PROCESS : cluster.describe();
    }

    /** A file's size and time of change, or "absent": whether another process wrote it meanwhile. */
    private static String fileState(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return "absent";
        return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
    }

    /** {@link #stepsDescription()} of a run whose steps are taken in this process (what a bundle without "steps" was). */
    static final String IN_PROCESS = "this process";

    /**
     * The bundle a finished run already wrote, when it is this run's (its settings, dataset and best network), as the
     * result; null when it is absent or another's. Saving it again would change its bytes (time stamps) and with them
     * the SHA-256 a saved ensemble checks its members by, for the same network.
     */
    private Result finishedBundle(TrainingData data, RunState run, Path best) throws IOException {
        if (!Files.isRegularFile(config.bundle())) return null;
        ModelBundle saved;
        try {
            saved = ModelBundle.load(config.bundle());
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Map<String, Object> p = saved.provenance();
        Object steps = p.get("steps") == null ? IN_PROCESS : p.get("steps");
        if (ModelBundle.trainedOtherwise(p, config, dataset(data)) != null || !steps.equals(stepsDescription())
                || !(p.get("best_epoch") instanceof Number n) || n.intValue() != run.bestEpoch) {
            return null;
        }
        if (!saved.network().params().equals(DlZip.network(best, false).params())) return null;
        double wall = p.get("wall_seconds") instanceof Number w ? w.doubleValue() : run.wallBefore;
        boolean stoppedEarly = Boolean.TRUE.equals(p.get("stopped_early"));
        return new Result(saved, config.bundle(), run.bestEpoch, run.bestMae, run.history.size(), stoppedEarly, wall,
                List.copyOf(run.history), run.epochsDone);
    }

    /** The identity of the data a run trains on ({@link TrainingData#info()}). */
    private static DatasetId dataset(TrainingData data) {
        return DatasetId.recordedIn(data.info());
    }

    /**
     * The training rows' audio ({@link TrainingData#TRAIN_AUDIO_SHA256}): the manifest names the tracks but not their
     * samples, so a track changed between an interruption and --resume went unnoticed. Null when not known.
     */
    private static String trainAudioSha256(TrainingData data) {
        Object sha = data.info().get(TrainingData.TRAIN_AUDIO_SHA256);
        return sha == null ? null : sha.toString();
    }

    private void requireSameRun(Checkpoint.State state, Path checkpoint, FeatureConfig features, DatasetId dataset,
                                String trainAudioSha256) throws IOException {
        List<String> differences = differences(state, features, dataset);
        if (trainAudioSha256 != null && state.trainAudioSha256() != null && !trainAudioSha256.equals(state.trainAudioSha256())) {
            differences.add("training audio (SHA-256) " + shortId(state.trainAudioSha256()) + " -> " + shortId(trainAudioSha256)
                    + ": a training track changed since the run began");
        }
        if (!differences.isEmpty()) {
            throw new IOException(checkpoint + " was made with other settings (" + String.join("; ", differences)
                    + "); resume with the same options, or start afresh without --resume (or with another --out)");
        }
    }

    /**
     * The file that holds the checkpoint's best network: {@link #BEST}, or {@link #BEST_NEXT} when the run stopped after
     * the checkpoint and before the move; null when neither is it. A checkpoint that records no hash (older) trusts BEST.
     */
    private static Path bestOf(Checkpoint.State state, Path best) throws IOException {
        Path next = best.resolveSibling(BEST_NEXT);
        if (state.bestSha256() == null) return Files.isRegularFile(best) ? best : null;
        for (Path f : List.of(best, next)) if (Files.isRegularFile(f) && Sha256.of(f).equals(state.bestSha256())) return f;
        return null;
    }

    /** Puts the checkpoint's best network in {@link #BEST} (a new best it never named goes), or says why the run cannot resume. */
    private static void settleBest(Checkpoint.State state, Path best) throws IOException {
        Path found = bestOf(state, best), next = best.resolveSibling(BEST_NEXT);
        if (found == null) {
            throw new IOException(best + " is missing or is not the best network its checkpoint names; the run cannot resume: start "
                    + "afresh without --resume");
        }
        if (found.equals(next)) Files.move(next, best, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        else Files.deleteIfExists(next); // a best of an epoch the checkpoint does not know: the resumed run takes it again
    }

    /** How the checkpoint's run differs from this one (settings, architecture, features, data, code); empty when it is this run. */
    private List<String> differences(Checkpoint.State state, FeatureConfig features, DatasetId dataset) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> now = json.readValue(json.writeValueAsString(config.settings()), new TypeReference<>() { });
        List<String> differences = new ArrayList<>();
        for (String key : now.keySet()) {
            Object then = state.settings().get(key);
            if (!Objects.equals(String.valueOf(then), String.valueOf(now.get(key)))) {
                differences.add(key + " " + then + " -> " + now.get(key));
            }
        }
        if (!state.architecture().equals(architecture.toString())) {
            differences.add("architecture " + state.architecture() + " -> " + architecture);
        }
        if (!state.featureKey().equals(features.key())) differences.add("features " + state.featureKey() + " -> " + features.key());
        String data = dataset.changedSince(new DatasetId(state.datasetSha256(), state.corpusSha256()));
        if (data != null) differences.add(data);
        String code = Provenance.currentGitCommit();
        if (!code.equals(state.code())) differences.add("code " + shortId(state.code()) + " -> " + shortId(code));
        String steps = state.steps() == null ? IN_PROCESS : state.steps();
        if (!steps.equals(stepsDescription())) differences.add("steps " + steps + " -> " + stepsDescription());
        if (!config.device().id().equals(state.device())) {
            differences.add("device " + (state.device() == null ? "(not recorded)" : state.device()) + " -> " + config.device().id());
        }
        return differences;
    }

    private static String shortId(String id) {
        return id == null ? "(not recorded)" : Provenance.shortId(id);
    }

    /**
     * Whether the run folder holds a checkpoint of this very run (same settings, architecture, features, dataset and
     * code), which a run with {@code resume} continues to the result of an uninterrupted one.
     */
    public boolean canResume(FeatureConfig features, DatasetId dataset) throws IOException {
        Path checkpoint = config.runDir().resolve(CHECKPOINT);
        if (!Files.isRegularFile(checkpoint)) return false;
        Checkpoint.State state = Checkpoint.read(checkpoint).state();
        return differences(state, features, dataset).isEmpty() && bestOf(state, config.runDir().resolve(BEST)) != null;
    }

    /**
     * The mean L1 error per setting of a {@code score} the network reported: DL4J's score adds the regularisation
     * penalty (the AST's weight decay, 0.2 per setting for the trained AST, more than its error), which the history's
     * training loss leaves out to stay comparable with the validation MAE.
     */
    public static double lossPerSetting(ComputationGraph net, double score) {
        return (score - net.calcRegularizationScore(true)) / Param.COUNT;
    }

    /** A seed per (run seed, epoch): the same in an uninterrupted and a resumed run (never 0, which ND4J reads as the clock). */
    static long epochSeed(long seed, int epoch) {
        return Nd4jSeed.of(seed * 0x9E3779B97F4A7C15L + 1_000_003L * (epoch + 1));
    }

    /** Fitted on seeded draws that training never sees (negative epochs), so it is the same on every run. */
    static FeatureNormalizer fitNormalizer(TrainingExamples train, int sample, ExecutorService pool) {
        List<java.util.concurrent.Future<Features>> draws = new ArrayList<>(sample);
        for (int i = 0; i < sample; i++) {
            int epoch = -1 - i / train.size(), track = i % train.size();
            draws.add(pool.submit(() -> train.draw(epoch, track).features()));
        }
        List<Features> windows = new ArrayList<>(sample);
        for (var f : draws) {
            try {
                windows.add(f.get());
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("drawing the normaliser's sample failed: " + e, e);
            }
        }
        return FeatureNormalizer.fit(windows);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private Map<String, Object> provenance(TrainingData data, RunState run, boolean stoppedEarly, double wallSeconds, ComputationGraph net) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("what", "mixer model");
        p.put("model", config.model().id());
        p.put("architecture", architecture.toString());
        p.put("parameters", net.numParams());
        p.put("seed", config.seed());
        p.put("config", config.asMap());
        p.put("dataset", data.info());
        p.put("feature_config", ModelBundle.featureConfigMap(data.train().config()));
        p.put("best_epoch", run.bestEpoch);
        p.put("best_val_mae", run.bestMae);
        p.put("epochs_run", run.history.size());
        p.put("stopped_early", stoppedEarly);
        p.put("device", config.device().describe());
        if (cluster != null) p.put("steps", cluster.describe()); // a bundle trained in this process keeps its old provenance
        if (config.device() == Device.CPU) p.put("processor", CpuLibrary.processor()); // with library and threads: what decides the sums
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("java", System.getProperty("java.version"));
        versions.put("dl4j", dl4jVersion());
        versions.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        p.put("versions", versions);
        p.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
        p.put("provenance", Provenance.now().asMap());
        return p;
    }

    /** DL4J's version from its jar's Maven metadata. */
    public static String dl4jVersion() {
        try (InputStream in = ComputationGraph.class.getResourceAsStream(
                "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
            if (in == null) return "unknown";
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

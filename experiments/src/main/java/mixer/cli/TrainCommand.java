package mixer.cli;

import mixer.dataset.features.FeatureConfig;
import mixer.dsp.params.Param;
import mixer.dsp.params.Scale;
import mixer.training.Cluster;
import mixer.training.Device;
import mixer.training.EpochRecord;
import mixer.training.TrainConfig;
import mixer.training.Trainer;
import mixer.dataset.DatasetProvenance;
import mixer.training.TrainingData;
import mixer.training.models.Architecture;
import mixer.training.models.Architectures;
import mixer.training.models.ModelKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a model on a dataset (from `mixer dataset build`): fresh examples every epoch, validation MAE "
                + "after each, early stopping, the best epoch kept. Writes the model bundle (network, feature normaliser, "
                + "parameter schema, provenance, history) to models/<model>.zip (a match dataset's to models/<task>/<model>.zip, where mix --reference and estimate look); "
                + "inference needs only that file.",
                "Progress goes to stderr, the summary to stdout. The run folder (runs/<model>, a match dataset's runs/<task>/<model>) holds checkpoint.zip "
                + "(written atomically after every epoch), best.zip and history.csv (epoch, train_loss, val_mae, seconds, "
                + "learning_rate, val_mae_<setting>); after an interruption the same command with --resume continues "
                + "and ends with the same model as an uninterrupted run.",
                "The seed sets the weights, the examples and dropout: one seed gives one model, bit for bit, on one machine "
                        + "with the same threads (OMP_NUM_THREADS) and CPU library (the bundle records both, and the processor)."})
final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", completionCandidates = Options.TrainedModelNames.class,
            description = "One of ${COMPLETION-CANDIDATES} (descriptor-mlp: an ablation that hears the descriptors only).")
    String model;

    @Option(names = "--data", defaultValue = "data/dataset/manifest.csv", paramLabel = "FILE",
            description = "The dataset's manifest (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder: checkpoint, best network, history (default: runs/<model>, runs/<model>-quick with --quick; runs/<task>/<model> for a match dataset).")
    Path out;

    @Option(names = "--bundle", paramLabel = "FILE", description = "Where the model bundle goes (default: models/<model>.zip, models/<model>-quick.zip with --quick; for a match dataset models/<task>/<model>.zip, where mix --reference and estimate look).")
    Path bundle;

    @Option(names = "--epochs", paramLabel = "N", description = "At most this many epochs (default: the model's, see TrainingDefaults; 4 with --quick).")
    Integer epochs;

    @Option(names = "--examples-per-track", paramLabel = "K",
            description = "Fresh examples of each training track in an epoch, each its own crop and settings (default: the model's; 1 with --quick).")
    Integer examplesPerTrack;

    @Option(names = "--batch", paramLabel = "N", description = "Examples per step (default: the model's, 16 for the CNNs and the AST, 32 for descriptor-mlp).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Initial Adam learning rate; a cosine lowers it to a twentieth by the last epoch (default: the model's for the task, see TrainingDefaults: 3e-3 for blind restore, 1e-3 otherwise).")
    Double learningRate;

    @picocli.CommandLine.Mixin
    Options.Seed seed;

    @Option(names = "--patience", paramLabel = "N", description = "Stop after N epochs without a better validation MAE (default: the model's).")
    Integer patience;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu or cuda (default: the backend this build carries; cuda needs a build with -Pcuda).")
    String device;

    @Option(names = "--quick", description = "A first look in a few minutes: 4 epochs of one example per track, files named <model>-quick.")
    boolean quick;

    @Option(names = "--resume", description = "Continue the run in the run folder from its last checkpoint (same options required).")
    boolean resume;

    @picocli.CommandLine.Mixin
    Options.Spark spark;

    @Override
    public Integer call() throws Exception {
        ModelKind kind;
        try {
            kind = ModelKind.of(model);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Architecture architecture = Architectures.of(kind);
        TrainConfig defaults = TrainConfig.defaults(architecture, DatasetProvenance.of(data.toAbsolutePath().getParent()).task(), quick);
        TrainConfig config;
        try {
            TrainConfig.Builder b = defaults.toBuilder().seed(seed.value).resume(resume);
            if (epochs != null) b.epochs(epochs);
            if (examplesPerTrack != null) b.examplesPerTrack(examplesPerTrack);
            if (batch != null) b.batch(batch);
            if (learningRate != null) b.learningRate(learningRate);
            if (patience != null) b.patience(patience);
            if (device != null) b.device(Device.of(device));
            config = b.files(out != null ? out : defaults.runDir(), bundle != null ? bundle : defaults.bundle()).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Trainer.Result r;
        PrintWriter err = spec.commandLine().getErr();
        try (Cluster cluster = spark.connect(err::println)) {
            r = train(config, architecture, data, err, cluster == null ? null : cluster.steps(err::println));
        }

        PrintWriter o = spec.commandLine().getOut();
        o.println();
        o.printf(Locale.ROOT, "model         %s (%,d parameters)%n", kind.id(), r.bundle().network().numParams());
        o.printf(Locale.ROOT, "epochs run    %d of %d%s%n", r.epochsRun(), config.epochs(),
                r.stoppedEarly() ? " (stopped early: no better validation MAE in " + config.patience() + " epochs)" : "");
        o.printf(Locale.ROOT, "best epoch    %d%n", r.bestEpoch());
        o.printf(Locale.ROOT, "best val MAE  %.4f (normalised; predicting the middle of every range scores about 0.25)%n", r.bestValMae());
        o.printf(Locale.ROOT, "wall time     %s training%s%n", duration(r.wallSeconds()),
                r.resumedAfterEpoch() > 0 ? " (over all sessions; resumed after epoch " + r.resumedAfterEpoch() + ")" : "");
        o.printf("bundle        %s%n", r.bundleFile());
        o.println();
        EpochRecord best = r.history().get(r.bestEpoch() - 1);
        Table t = new Table("setting", "val_mae", "in_units");
        for (Param p : Param.all()) {
            double mae = best.valMaePerParam()[p.ordinal()];
            String units = p.scale == Scale.LOG
                    ? String.format(Locale.ROOT, "x%.2f", Math.pow(p.max / p.min, mae))
                    : String.format(Locale.ROOT, "%.2f%s", mae * (p.max - p.min), p.unit.isEmpty() ? "" : " " + p.unit);
            t.row(p.id, String.format(Locale.ROOT, "%.4f", mae), units);
        }
        o.print(t);
        o.printf("history       %s%n", config.runDir().resolve(Trainer.HISTORY));
        return 0;
    }

    /** Loads the dataset and trains, with progress on {@code err}: what `mixer train` and `mixer reproduce` run. */
    static Trainer.Result train(TrainConfig config, Architecture architecture, Path manifest, PrintWriter err) throws Exception {
        return train(config, architecture, manifest, err, null);
    }

    /** As above, with the epochs' steps taken by {@code steps} (a cluster's; null: in this process). */
    static Trainer.Result train(TrainConfig config, Architecture architecture, Path manifest, PrintWriter err, Trainer.Steps steps)
            throws Exception {
        config.device().require();
        Progress progress = new Progress(err, System.console() != null);
        long t0 = System.nanoTime();
        TrainingData data = TrainingData.load(manifest, FeatureConfig.DEFAULT, config.seed(), progress::message);
        progress.message("loaded " + manifest + " in " + duration((System.nanoTime() - t0) / 1e9));
        return new Trainer(config, architecture, steps).train(data, progress);
    }

    static String duration(double seconds) {
        return seconds < 120 ? String.format(Locale.ROOT, "%.1f s", seconds) : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    /** A progress bar per epoch: redrawn in place on a terminal, one line per epoch otherwise. */
    static final class Progress implements Trainer.Listener {
        private static final int WIDTH = 24;
        private final PrintWriter out;
        private final boolean live;
        private int epochs;
        private long lastDraw;

        Progress(PrintWriter out, boolean live) {
            this.out = out;
            this.live = live;
        }

        @Override
        public void message(String line) {
            out.println(line);
        }

        @Override
        public void epochStarted(int epoch, int epochs, int examples, double learningRate) {
            this.epochs = epochs;
            if (live) draw(epoch, 0, examples, Double.NaN, "");
        }

        @Override
        public void batchDone(int epoch, int done, int examples, double meanLoss) {
            long now = System.nanoTime();
            if (live && (now - lastDraw > 200_000_000L || done == examples)) {
                lastDraw = now;
                draw(epoch, done, examples, meanLoss, "");
            }
        }

        @Override
        public void validating(int epoch, int windows) {
            if (live) out.print("  validating…");
        }

        @Override
        public void epochDone(EpochRecord r, boolean best) {
            String tail = String.format(Locale.ROOT, "  val MAE %.4f%s  %.1f s  lr %.1e", r.valMae(), best ? " (best)" : "       ",
                    r.seconds(), r.learningRate());
            if (live) out.print("\r");
            draw(r.epoch(), 1, 1, r.trainLoss(), tail);
            out.println();
        }

        private void draw(int epoch, int done, int examples, double loss, String tail) {
            int filled = examples == 0 ? 0 : (int) Math.round(WIDTH * (double) done / examples);
            String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
            String counts = tail.isEmpty() ? String.format(Locale.ROOT, "  %d/%d", done, examples) : "";
            String lossText = Double.isNaN(loss) ? "" : String.format(Locale.ROOT, "  loss %.4f", loss);
            String digits = String.valueOf(epochs);
            out.print((live ? "\r" : "") + String.format(Locale.ROOT, "epoch %" + digits.length() + "d/%s [%s]%s%s%s",
                    epoch, digits, bar, counts, lossText, tail));
            out.flush();
        }
    }
}

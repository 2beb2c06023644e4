package mixer.cli;

import mixer.dataset.DatasetBuilder;
import mixer.dataset.Task;
import mixer.dataset.TrainingExamples;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dataset.features.SongWindows;
import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.training.FeatureNormalizer;
import mixer.training.Trainer;
import mixer.training.models.Architecture;
import mixer.training.models.Architectures;
import mixer.training.models.InputShape;
import mixer.training.models.ModelKind;
import mixer.training.models.TrainingDefaults;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Training speed of each model on this machine at full size (2 x 64 x 128 log-mel): examples per second "
                + "of the whole training pipeline as an epoch runs it (fresh examples made on all cores while the network "
                + "steps on them), of the training step alone (forward, backward, Adam), and of inference; and the rate at "
                + "which one thread makes fresh examples (crop, settings, inversion, features).",
                "From these it estimates seconds per epoch on 154 training tracks (the model's examples per track each) plus "
                + "validation of the default dataset's 96 rows heard as songs, and minutes for the model's default epochs "
                + "(early stopping may end sooner). Synthetic music; nothing is read or written."})
final class BenchTrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch", paramLabel = "N", description = "Examples per training step (default: the model's).")
    Integer batch;

    @Option(names = "--iterations", defaultValue = "5", description = "Timed training steps per model for the step alone, after one warm-up (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--examples", defaultValue = "192", paramLabel = "N",
            description = "Examples made and trained on to time the pipeline, after a warm-up of one batch (default ${DEFAULT-VALUE}).")
    int examples;

    @picocli.CommandLine.Mixin
    Options.Seed seed;

    @Option(names = "--model", paramLabel = "MODEL", description = "Only these models (repeatable; default: every model this version builds).")
    List<String> models;

    @Option(names = "--task", defaultValue = "restore", paramLabel = "TASK",
            description = "The task whose examples are made: restore, match-same or match-other (match alone is match-same; a match example renders a "
                    + "reference and hears a pair: 6 x 64 x 128 log-mel and three descriptor blocks) (default: ${DEFAULT-VALUE}).")
    String task;

    static final int TRAIN_TRACKS = 154;
    static final int VALIDATION_TRACKS = 12;
    /** Synthetic tracks the pipeline draws from (10 s each, like the corpus's 30 s excerpts for drawing cost). */
    private static final int TRACKS = 8;

    @Override
    public Integer call() {
        List<String> only = new ArrayList<>(); // the kinds asked for, by their ids; an unknown name is a usage error
        for (String m : models == null ? List.<String>of() : models) {
            try {
                only.add(ModelKind.of(m).id());
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--model " + m + ": " + e.getMessage());
            }
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        if ((batch != null && batch < 1) || iterations < 1 || examples < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch, --iterations and --examples must be at least 1");
        }
        Task heard;
        try {
            heard = Task.of(task);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--task " + task + ": " + e.getMessage());
        }
        List<Audio> tracks = new ArrayList<>();
        for (int i = 0; i < TRACKS; i++) tracks.add(SyntheticMusic.generate(10, 44_100, seed.value + i));
        TrainingExamples pool = TrainingExamples.of(tracks, heard, FeatureConfig.DEFAULT, seed.value);
        pool.draw(0, 0); // warm-up: JIT
        int draws = 16;
        TrainingExamples.Labelled[] drawn = new TrainingExamples.Labelled[draws];
        long t0 = System.nanoTime();
        for (int i = 0; i < draws; i++) drawn[i] = pool.draw(1, i % TRACKS, i / TRACKS);
        double drawPerS = draws / ((System.nanoTime() - t0) / 1e9);
        List<Features> windows = new ArrayList<>();
        for (TrainingExamples.Labelled l : drawn) windows.add(l.features());
        FeatureNormalizer normalizer = FeatureNormalizer.fit(windows);
        InputShape shape = new InputShape(normalizer.channels(), FeatureConfig.DEFAULT.logMel().melBands(), FeatureConfig.DEFAULT.frames(),
                normalizer.descriptorCount());
        // validation as training runs it: every row of the default dataset heard as a song (a 30 s excerpt at 44.1 kHz)
        int windowsPerRow = SongWindows.starts(30L * 44_100, FeatureConfig.DEFAULT.windowSamples(44_100), SongWindows.DEFAULT_MAX_WINDOWS).length;
        int validationWindows = VALIDATION_TRACKS * DatasetBuilder.DEFAULT_VALIDATION_RENDERS * windowsPerRow;

        String omp = System.getenv("OMP_NUM_THREADS");
        out.println(BenchCommand.codeLine() + "; DL4J " + mixer.training.Trainer.dl4jVersion() + ", "
                + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName() + ", " + mixer.training.CpuLibrary.processor());
        out.printf(Locale.ROOT, "task %s; input: %d x %d x %d log-mel + %d descriptors per example; %d processors, %d ND4J threads (OMP_NUM_THREADS %s)%n",
                heard.id(), shape.channels(), shape.bands(), shape.frames(), shape.descriptors(), Runtime.getRuntime().availableProcessors(),
                Nd4j.getEnvironment().maxMasterThreads(), omp == null ? "unset" : omp);
        out.printf(Locale.ROOT, "fresh examples: %.1f per second made on one thread (4 s crop, settings, %s features of 3 s)%n", drawPerS,
                heard.hasReference() ? "the reference's render, the pair's" : "inversion,");

        Table t = new Table("model", "parameters", "batch", "pipeline_ex_per_s", "step_ex_per_s", "predict_ex_per_s",
                "examples_per_track", "est_epoch_s", "default_epochs", "est_full_min");
        for (ModelKind kind : ModelKind.values()) {
            if (!only.isEmpty() && !only.contains(kind.id())) continue;
            Architecture a = Architectures.of(kind);
            TrainingDefaults d = a.defaults(heard);
            int b = batch != null ? batch : d.batch();
            ComputationGraph net = a.build(shape, d.learningRate(), seed.value);
            mixer.training.ConvolutionHelpers.install(net); // as the Trainer does
            TrainingExamples.Labelled[] batchExamples = new TrainingExamples.Labelled[b];
            for (int i = 0; i < b; i++) batchExamples[i] = drawn[i % draws];
            MultiDataSet ds = TrainingExamples.batch(batchExamples);
            normalizer.preProcessor(kind).preProcess(ds);
            net.fit(ds); // warm-up
            t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) net.fit(ds);
            double stepPerS = iterations * b / ((System.nanoTime() - t0) / 1e9);
            INDArray[] in = ds.getFeatures();
            net.output(false, in);
            t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) net.output(false, in);
            double predictPerS = iterations * b / ((System.nanoTime() - t0) / 1e9);
            // the pipeline: a warm-up batch, then at least --examples examples of fresh epochs
            Trainer.pipelineExamplesPerSecond(net, normalizer, kind, TrainingExamples.of(tracks.subList(0, 1), heard,
                    FeatureConfig.DEFAULT, seed.value), b, b, 0);
            int perTrack = (examples + TRACKS - 1) / TRACKS;
            double pipelinePerS = Trainer.pipelineExamplesPerSecond(net, normalizer, kind, pool, perTrack, b, 2);
            double epochS = TRAIN_TRACKS * d.examplesPerTrack() / pipelinePerS + validationWindows / predictPerS;
            t.row(kind.id(), String.format(Locale.ROOT, "%,d", net.numParams()), String.valueOf(b), f(pipelinePerS), f(stepPerS),
                    f(predictPerS), String.valueOf(d.examplesPerTrack()), f(epochS), String.valueOf(d.epochs()), f(epochS * d.epochs() / 60));
        }
        out.print(t);
        out.printf(Locale.ROOT, "est_epoch_s = %d tracks x examples_per_track / pipeline_ex_per_s + %d validation windows (%d rows x %d) / "
                        + "predict_ex_per_s; a real run's seconds per epoch are in its history.csv.%n", TRAIN_TRACKS, validationWindows,
                VALIDATION_TRACKS * DatasetBuilder.DEFAULT_VALIDATION_RENDERS, windowsPerRow);
        return 0;
    }

    private static String f(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}

package mixer.cli;

import mixer.dataset.Task;
import mixer.dataset.TrainingExamples;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.training.FeatureNormalizer;
import mixer.training.models.Architecture;
import mixer.training.models.Architectures;
import mixer.training.models.InputShape;
import mixer.training.models.ModelKind;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Training speed of each model on this machine: examples per second through a training step "
                + "(forward, backward, Adam) at full size (2 x 64 x 128 log-mel), inference examples per second, and the "
                + "rate at which fresh training examples are drawn (crop, settings, inversion, features) on one thread.",
                "From these it estimates seconds per epoch on 154 training tracks plus validation of 96 rows x 4 windows: "
                + "drawing runs on all cores beside the network, so an epoch takes the CPU time of all three divided by the "
                + "cores, or the network's own time if that is longer; and minutes for the model's default epochs (early "
                + "stopping may end sooner). Synthetic music; nothing is read or written."})
final class BenchTrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch", defaultValue = "16", description = "Examples per training step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iterations", defaultValue = "5", description = "Timed training steps per model, after one warm-up (default ${DEFAULT-VALUE}).")
    int iterations;

    @picocli.CommandLine.Mixin
    Options.Seed seed;

    @Option(names = "--model", paramLabel = "MODEL", description = "Only these models (repeatable; default: every model this version builds).")
    List<String> models;

    static final int TRAIN_TRACKS = 154;
    static final int VALIDATION_WINDOWS = 96 * 4; // validation rows x windows per row (TrainConfig)

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (batch < 1 || iterations < 1) throw new IllegalArgumentException("--batch and --iterations must be at least 1");
        List<Audio> tracks = new ArrayList<>();
        for (int i = 0; i < 4; i++) tracks.add(SyntheticMusic.generate(10, 44_100, seed.value + i));
        TrainingExamples examples = TrainingExamples.of(tracks, Task.RESTORE, FeatureConfig.DEFAULT, seed.value);
        examples.draw(0, 0); // warm-up: JIT
        int draws = Math.max(batch, 8);
        TrainingExamples.Labelled[] drawn = new TrainingExamples.Labelled[draws];
        long t0 = System.nanoTime();
        for (int i = 0; i < draws; i++) drawn[i] = examples.draw(1 + i / tracks.size(), i % tracks.size());
        double drawPerS = draws / ((System.nanoTime() - t0) / 1e9);

        TrainingExamples.Labelled[] batchExamples = java.util.Arrays.copyOf(drawn, batch);
        for (int i = draws; i < batch; i++) batchExamples[i] = drawn[i % draws];
        List<Features> windows = new ArrayList<>();
        for (TrainingExamples.Labelled l : batchExamples) windows.add(l.features());
        FeatureNormalizer normalizer = FeatureNormalizer.fit(windows);
        InputShape shape = new InputShape(FeatureConfig.DEFAULT.logMel().melBands(), FeatureConfig.DEFAULT.frames(), FeatureConfig.DEFAULT.descriptorCount());

        String omp = System.getenv("OMP_NUM_THREADS");
        out.printf(Locale.ROOT, "input: 2 x %d x %d log-mel + %d descriptors per example; batch %d; %d processors, "
                        + "%d ND4J threads (OMP_NUM_THREADS %s)%n", shape.bands(), shape.frames(), shape.descriptors(), batch,
                Runtime.getRuntime().availableProcessors(), Nd4j.getEnvironment().maxMasterThreads(), omp == null ? "unset" : omp);
        out.printf(Locale.ROOT, "fresh examples: %.1f per second drawn on one thread (3 s crop, settings, inversion, features)%n", drawPerS);

        Table t = new Table("model", "parameters", "train_ex_per_s", "train_cpu_ms_per_ex", "predict_ex_per_s",
                "est_epoch_s", "default_epochs", "est_full_min");
        for (ModelKind kind : ModelKind.values()) {
            if (models != null && !models.contains(kind.id())) continue;
            Architecture a = Architectures.of(kind);
            ComputationGraph net = a.build(shape, a.defaults().learningRate(), seed.value);
            mixer.training.ConvolutionHelpers.install(net); // as the Trainer does
            MultiDataSet ds = TrainingExamples.batch(batchExamples);
            normalizer.preProcessor(kind).preProcess(ds);
            net.fit(ds); // warm-up
            long cpu0 = cpuNanos();
            t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) net.fit(ds);
            double trainS = (System.nanoTime() - t0) / 1e9;
            double cpuMsPerEx = (cpuNanos() - cpu0) / 1e6 / (iterations * batch);
            INDArray[] in = ds.getFeatures();
            net.output(false, in);
            cpu0 = cpuNanos();
            t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) net.output(false, in);
            double predictS = (System.nanoTime() - t0) / 1e9;
            double predictCpuS = (cpuNanos() - cpu0) / 1e9 / (iterations * batch);
            double trainPerS = iterations * batch / trainS, predictPerS = iterations * batch / predictS;
            double cpuPerEpoch = TRAIN_TRACKS / drawPerS + TRAIN_TRACKS * cpuMsPerEx / 1000 + VALIDATION_WINDOWS * predictCpuS;
            double epochS = Math.max(cpuPerEpoch / Runtime.getRuntime().availableProcessors(),
                    TRAIN_TRACKS / trainPerS + VALIDATION_WINDOWS / predictPerS);
            t.row(kind.id(), String.format(Locale.ROOT, "%,d", net.numParams()), f(trainPerS), f(cpuMsPerEx), f(predictPerS),
                    f(epochS), String.valueOf(a.defaults().epochs()), f(epochS * a.defaults().epochs() / 60));
        }
        out.print(t);
        out.println("est_epoch_s = max((CPU of 154 draws + 154 training examples + 288 validation windows) / cores, "
                + "network time alone); a real run's seconds per epoch are in its history.csv.");
        return 0;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String f(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}

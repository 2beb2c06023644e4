package mixer.cli;

import mixer.dataset.Task;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dsp.AudioSource;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.inference.MixOptions;
import mixer.inference.MixResult;
import mixer.inference.Mixer;
import mixer.inference.Prediction;
import mixer.inference.Song;
import mixer.dataset.features.SongWindows;
import mixer.training.FeatureNormalizer;
import mixer.training.ModelBundle;
import mixer.training.SettingsPredictor;
import mixer.training.models.Architecture;
import mixer.training.models.Architectures;
import mixer.training.models.InputShape;
import mixer.training.models.ModelKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "mix", mixinStandardHelpOptions = true,
        description = {"Latency and memory of `mixer mix` on one song: read the windows the model hears (decode + features), "
                + "predict (a CNN forward pass), decide the settings (a pass that measures the mix's loudness), render and write "
                + "the mix (decode, 10 stages + limiter, WAV; streamed on several cores); median wall time of timed runs after "
                + "warm-up, and the peak heap.",
                "Without --model the predictor is the untrained baseline CNN, the network `mixer train --model baseline-cnn` "
                        + "starts from (real feature extraction, real forward pass, meaningless settings); the output says so. It times blind mixing: a match model is refused.",
                "Prove the memory target with MIXER_JAVA_OPTS='-Xmx512m' ./mixer bench mix."})
final class BenchMixCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME",
            description = "A trained model from --models-dir (ensemble, ast, baseline-cnn, ...); default: the untrained baseline CNN.")
    String model;

    @picocli.CommandLine.Mixin
    Options.ModelsDir models;

    @Option(names = "--seconds", defaultValue = "180", description = "Length of the synthetic song (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rate", defaultValue = "44100", description = "Sample rate in Hz (default ${DEFAULT-VALUE}).")
    int rateHz;

    @Option(names = "--input", paramLabel = "FILE", description = "Benchmark on this file instead of synthetic music.")
    Path inputFile;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmups", defaultValue = "2", description = "Untimed runs first, for the JIT (default ${DEFAULT-VALUE}).")
    int warmups;

    @Option(names = "--windows", defaultValue = "" + SongWindows.DEFAULT_MAX_WINDOWS,
            description = "Most windows the model hears (default ${DEFAULT-VALUE}).")
    int windows;

    @picocli.CommandLine.Mixin
    Options.Seed seed;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (repeats < 1 || warmups < 0 || windows < 1) throw new IllegalArgumentException("--repeats and --windows must be at least 1, --warmups at least 0");
        if (inputFile == null && !(seconds >= 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seconds " + seconds + ": give at least 1 second");
        }
        Path dir = Files.createTempDirectory("mixer-bench-mix");
        try {
            Path wav = dir.resolve("song.wav");
            double durationS;
            int songRateHz;
            try (AudioSource source = inputFile != null ? AudioReader.open(inputFile) : SyntheticMusic.source(seconds, rateHz, seed.value);
                 AudioWriter.Output w = AudioWriter.open(wav, SampleFormat.PCM_24, source.spec().sampleRateHz(), source.frames())) {
                mixer.dsp.Pipeline.run(source, List.of(), w, false); // block by block: a synthetic hour never sits in memory
                songRateHz = source.spec().sampleRateHz();
                durationS = w.frames() / (double) songRateHz;
                w.commit();
            }

            SettingsPredictor predictor = model != null ? models.predictors().get(model) : untrainedBaseline(wav, windows, seed.value);
            if (predictor.task().hasReference()) {
                throw new IllegalArgumentException("--model " + model + " was trained for " + predictor.task().id() + " (it mixes toward "
                        + "a reference); bench mix times blind mixing: give a blind restore model's --models-dir, or leave --model out");
            }
            Mixer mixer = new Mixer(predictor, windows);
            Path mixFile = dir.resolve("mix.wav");
            out.println(BenchCommand.codeLine());
            out.printf(Locale.ROOT, "song: %.1f s, %d Hz stereo, 24-bit WAV (%s)%n", durationS, songRateHz,
                    inputFile == null ? "synthetic music, seed " + seed.value : inputFile);
            out.printf(Locale.ROOT, "predictor: %s%n", model == null ? String.format(Locale.ROOT, "UNTRAINED CNN (no trained "
                    + "model yet): real features (log-mel + %d descriptors per window) and a real forward pass of the baseline CNN "
                    + "as `mixer train --model baseline-cnn` builds it, %,d parameters; its settings are meaningless, its cost is "
                    + "that of a baseline CNN", FeatureConfig.DEFAULT.descriptorCount(), ((ModelBundle) predictor).network().numParams())
                    : "trained model '" + model + "' from " + models.dir);
            out.printf(Locale.ROOT, "machine: %d processors visible to the JVM, max heap %d MiB (-Xmx), Java %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    System.getProperty("java.version"));

            for (int i = 0; i < warmups; i++) runOnce(mixer, wav, mixFile);
            HeapPeak.reset();
            double[][] stages = new double[repeats][], cpus = new double[repeats][];
            int heard = 0;
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            for (int i = 0; i < repeats; i++) {
                Run r = runOnce(mixer, wav, mixFile);
                stages[i] = r.wallS();
                cpus[i] = r.cpuS();
                heard = r.windows();
            }
            long peakHeap = HeapPeak.read();

            Table t = new Table("stage", "wall_s", "fastest_wall_s", "cpu_s");
            String windowsHeard = heard + (heard == 1 ? " window" : " windows");
            String[] names = {"open the song (WAV header)", "read " + windowsHeard + " (decode, log-mel + descriptors)",
                    "forward pass (" + windowsHeard + ", mean)", "settings (decode, 10 stages: the mix's loudness; streamed)",
                    "render + write (decode, 10 stages + limiter, WAV; streamed)", "end to end"};
            for (int s = 0; s < names.length; s++) {
                t.row(names[s], String.format(Locale.ROOT, "%.3f", median(stages, s)), String.format(Locale.ROOT, "%.3f", fastest(stages, s)),
                        String.format(Locale.ROOT, "%.3f", median(cpus, s)));
            }
            out.print(t);
            out.printf(Locale.ROOT, "medians of %d runs (fastest_wall_s: the least disturbed run); cpu_s is the CPU time of all the process's threads (two cores "
                    + "working give cpu_s > wall_s); system load average %.1f before the runs%s%n", repeats, loadBefore,
                    loadBefore > Runtime.getRuntime().availableProcessors() ? " (a busy machine: wall times are inflated)" : "");
            double total = median(stages, names.length - 1);
            // judged on a song of 3 minutes or more: a shorter one's time does not scale (a song's windows are capped at 16)
            out.printf(Locale.ROOT, "end to end: %.3f s per %.0f s song (%.0fx real time); target under 1 s for a 3-minute song: %s%n",
                    total, durationS, durationS / total, durationS < 180 ? "not judged on a song under 3 minutes (--seconds 180)"
                            : total * 180 / durationS < 1 ? "met" : "NOT met");
            out.printf(Locale.ROOT, "peak heap: %d MiB (sum of heap pools' peaks over the timed runs, an upper bound); "
                    + "target under 512 MiB: %s%n", peakHeap >> 20, peakHeap < (512L << 20) ? "met" : "NOT met");
            out.printf(Locale.ROOT, "process peak resident memory %s%n", HeapPeak.peakRss());
            if (Runtime.getRuntime().maxMemory() > (512L << 20)) {
                out.println("note: the heap may grow past 512 MiB here; run with MIXER_JAVA_OPTS='-Xmx512m' to prove it fits");
            }
            return 0;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Per stage and in total (last entry): wall seconds and process CPU seconds. */
    record Run(double[] wallS, double[] cpuS, int windows) {
    }

    /** What `mixer mix SONG -o OUT` does (FileMixer.mix), stage by stage, without measuring loudness for the printout. */
    private static Run runOnce(Mixer mixer, Path wav, Path out) throws Exception {
        int stages = 5;
        long[] wall = new long[stages + 1], cpu = new long[stages + 1];
        mark(wall, cpu, 0);
        Song.FileSong song = Song.of(wav);
        mark(wall, cpu, 1);
        List<Features> features = mixer.windows(song, null);
        mark(wall, cpu, 2);
        Prediction p = mixer.predict(features);
        mark(wall, cpu, 3);
        MixResult r = Mixer.settings(song, p.settings(), MixOptions.DEFAULT);
        mark(wall, cpu, 4);
        try (AudioWriter.Output file = AudioWriter.open(out, song.preferredWriteFormat(), song.sampleRateHz(), song.frames())) {
            Mixer.render(song, r, file);
            file.commit();
        }
        mark(wall, cpu, 5);
        double[] w = new double[stages + 1], c = new double[stages + 1];
        for (int i = 0; i < stages; i++) {
            w[i] = (wall[i + 1] - wall[i]) / 1e9;
            c[i] = (cpu[i + 1] - cpu[i]) / 1e9;
        }
        w[stages] = (wall[stages] - wall[0]) / 1e9;
        c[stages] = (cpu[stages] - cpu[0]) / 1e9;
        return new Run(w, c, p.windows());
    }

    private static void mark(long[] wall, long[] cpu, int i) {
        wall[i] = System.nanoTime();
        cpu[i] = PROCESS.getProcessCpuTime();
    }

    /** CPU time of all the process's threads: the work done, whatever else the machine is running. */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static double median(double[][] runs, int stage) {
        double[] v = Arrays.stream(runs).mapToDouble(r -> r[stage]).sorted().toArray();
        return v[v.length / 2];
    }

    private static double fastest(double[][] runs, int stage) {
        return Arrays.stream(runs).mapToDouble(r -> r[stage]).min().orElse(Double.NaN);
    }

    /**
     * The network `mixer train --model baseline-cnn` starts from, untrained, in a bundle as trained models are: the cost
     * of the CNN users get, not its answers. Its normaliser is fitted on the song's own windows (a trained one's comes
     * from the training examples), so the network sees inputs of a trained model's scale.
     */
    private static ModelBundle untrainedBaseline(Path song, int maxWindows, long seed) throws java.io.IOException {
        FeatureConfig config = FeatureConfig.DEFAULT;
        Song.FileSong s = Song.of(song);
        List<Features> heard;
        try (AudioSource in = s.open()) {
            heard = SongWindows.features(SongWindows.read(in, s.frames(), config.windowSamples(s.sampleRateHz()), maxWindows, null), config);
        }
        FeatureNormalizer normalizer = FeatureNormalizer.fit(heard);
        InputShape shape = new InputShape(normalizer.channels(), config.logMel().melBands(), config.frames(), normalizer.descriptorCount());
        Architecture baseline = Architectures.of(ModelKind.BASELINE_CNN);
        return new ModelBundle(ModelKind.BASELINE_CNN, config, normalizer,
                baseline.build(shape, baseline.defaults(Task.RESTORE).learningRate(), seed), Map.of(), List.of());
    }
}

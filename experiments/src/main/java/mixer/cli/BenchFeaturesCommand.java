package mixer.cli;

import mixer.dataset.Task;
import mixer.dataset.TrainingExamples;
import mixer.dataset.features.Descriptors;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.LogMelSpectrogram;
import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"What a model's features cost per 3 s window, for each feature version, in CPU milliseconds (of the "
                + "whole process, so that a busy machine counts less and the FFT's helper threads count): the log-mel "
                + "spectrogram, the descriptors, and a whole training example (crop, settings, restore inverse, features) as "
                + "TrainingExamples draws it. Means over --repeats windows, after a round for the JIT.",
                "A training epoch draws 8 examples per training track by default (one with --quick; 154 tracks), on all cores beside the network."})
final class BenchFeaturesCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "44100", description = "Sample rate of the synthetic music in Hz (default ${DEFAULT-VALUE}).")
    int rateHz;

    @Option(names = "--input", paramLabel = "FILE", description = "Benchmark on this file (at least 5 s) instead of synthetic music.")
    Path inputFile;

    @Option(names = "--repeats", defaultValue = "30", description = "Timed windows per figure (default ${DEFAULT-VALUE}).")
    int repeats;

    @picocli.CommandLine.Mixin
    Options.Seed seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    interface Work {
        void run(int i);
    }

    @Override
    public Integer call() throws Exception {
        if (repeats < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--repeats must be at least 1");
        Audio music = inputFile != null ? AudioReader.read(inputFile).audio() : SyntheticMusic.generate(20, rateHz, seed.value);
        int rate = music.sampleRateHz();
        int window = FeatureConfig.DEFAULT.windowSamples(rate);
        if (music.frames() <= window) { // before the header: nothing is measured
            throw new IllegalArgumentException(inputFile + ": " + String.format(Locale.ROOT, "%.2f s, shorter than one %.3f s window "
                    + "and a step past it; give at least 5 s", music.durationSeconds(), window / (double) rate));
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.println(BenchCommand.codeLine());
        out.printf(Locale.ROOT, "input: %.1f s at %d Hz (%s); CPU ms, mean of %d windows%n", music.durationSeconds(), rate,
                inputFile == null ? "synthetic music, seed " + seed.value : inputFile, repeats);
        Table t = new Table("feature_version", "descriptors", "logmel_cpu_ms", "descriptors_cpu_ms", "training_example_cpu_ms",
                "examples_per_cpu_s");
        // Rounds for the JIT until it has little left to compile: its threads count in process CPU, and one round left
        // enough compiling for the next to read up to 5x slow (version 2's descriptors 134 ms against version 3's 25 ms,
        // the same code); what it still compiles while measuring is taken off (meanCpuMs).
        for (int round = 0; round < 6; round++) {
            long compiledMs = compilationMs();
            for (int version = 1; version <= FeatureConfig.LATEST_VERSION; version++) measure(music, version);
            if (compilationMs() - compiledMs < 20) break;
        }
        for (int version = 1; version <= FeatureConfig.LATEST_VERSION; version++) {
            double[] ms = measure(music, version);
            t.row(String.valueOf(version), String.valueOf(Descriptors.size(version)), fmt(ms[0]), fmt(ms[1]), fmt(ms[2]),
                    fmt(1000 / ms[2]));
        }
        out.print(t);
        out.flush();
        return 0;
    }

    /** CPU ms per window of the log-mel, the descriptors and a training example, for one feature version. */
    private double[] measure(Audio music, int version) {
        int rate = music.sampleRateHz();
        FeatureConfig config = new FeatureConfig(FeatureConfig.DEFAULT.logMel(), FeatureConfig.DEFAULT.frames(), version);
        int window = config.windowSamples(rate), span = music.frames() - window;
        if (span < 1) throw new IllegalArgumentException("the input is shorter than one window of " + window + " frames");
        LogMelSpectrogram spectrogram = new LogMelSpectrogram(config, rate);
        Audio[] windows = new Audio[repeats];
        for (int i = 0; i < windows.length; i++) {
            int start = (int) ((long) span * i / windows.length);
            windows[i] = music.slice(start, start + window);
        }
        TrainingExamples examples = TrainingExamples.of(List.of(music), Task.RESTORE, config, seed.value);
        return new double[] {meanCpuMs(i -> spectrogram.compute(windows[i], 0, config.frames())),
                meanCpuMs(i -> Descriptors.compute(windows[i], version)), meanCpuMs(i -> examples.draw(i, 0))};
    }

    /** CPU milliseconds per call, the mean over --repeats calls (the clock ticks in 10 ms), less the JIT's compiling. */
    private double meanCpuMs(Work work) {
        long t0 = cpuNanos(), c0 = compilationMs();
        for (int i = 0; i < repeats; i++) work.run(i);
        return Math.max(0, (cpuNanos() - t0) / 1e6 - (compilationMs() - c0)) / repeats;
    }

    /** The JIT compilers' time so far, summed over their threads (0 where the JVM does not say). */
    private static long compilationMs() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }
}

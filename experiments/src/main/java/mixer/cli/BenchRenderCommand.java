package mixer.cli;

import mixer.dsp.Audio;
import mixer.dsp.AudioSource;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioInput;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render speed as a multiple of real time, and memory: `mixer render` file to file (read, 10 stages "
                + "+ limiter, write, streamed block by block on several cores), the same on one thread, the render of "
                + "audio in memory on one thread (when it fits in the heap), next to sox running a comparable chain "
                + "(gain, compand, three equalizer bands, reverb, echo) on the same file; the peak heap of the streamed runs.",
                "Prove the memory bound with MIXER_JAVA_OPTS='-Xmx512m' ./mixer bench render --seconds 3600.",
                "For a one-core figure run it as `taskset -c 0 ./mixer bench render`."})
final class BenchRenderCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "180", description = "Length of the synthetic test file (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rate", defaultValue = "44100", description = "Sample rate in Hz (default ${DEFAULT-VALUE}).")
    int rateHz;

    @Option(names = "--input", paramLabel = "FILE", description = "Benchmark on this file instead of synthetic music.")
    Path inputFile;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs after one warm-up; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @picocli.CommandLine.Mixin
    Options.Seed seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A mid-range setting with every stage doing work. */
    static MixSettings benchSettings() {
        double[] n = new double[Param.COUNT];
        Arrays.fill(n, 0.65);
        return MixSettings.ofNormalized(n);
    }

    @Override
    public Integer call() throws Exception {
        if (repeats < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--repeats must be at least 1");
        if (!(seconds >= 1)) throw new CommandLine.ParameterException(spec.commandLine(), "--seconds " + seconds + ": give at least 1 second");
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("mixer-bench");
        try {
            Path wav = dir.resolve("input.wav");
            writeInput(wav);
            double durationS;
            int rate;
            try (AudioInput in = AudioReader.open(wav)) {
                durationS = in.frames() / (double) in.sampleRateHz();
                rate = in.sampleRateHz();
            }
            MixSettings settings = benchSettings();
            out.println(BenchCommand.codeLine());
            out.printf(Locale.ROOT, "input: %.1f s, %d Hz stereo, 24-bit WAV (%s); %d processors visible to the JVM, max heap %d MiB%n",
                    durationS, rate, inputFile == null ? "synthetic music, seed " + seed.value : inputFile,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            out.println("settings: " + settings);

            Table t = new Table("renderer", "what is timed", "median_s", "x_real_time");
            Path result = dir.resolve("mixer-out.wav");
            HeapPeak.reset();
            fileToFile(wav, result, settings, true); // warm-up: JIT
            double streamedS = median(() -> fileToFile(wav, result, settings, true));
            long streamedHeap = HeapPeak.read();
            t.row("mixer", "mixer render: read WAV + 10 stages + limiter + write WAV, streamed, several cores", fmt(streamedS), fmt(durationS / streamedS));
            double serialS = median(() -> fileToFile(wav, result, settings, false));
            t.row("mixer", "the same on one thread", fmt(serialS), fmt(durationS / serialS));
            long frames = Math.round(durationS * rate);
            if (frames * 8L * 3 < Runtime.getRuntime().maxMemory() / 2) { // input, output and a spare copy
                Audio audio = AudioReader.read(wav).audio();
                Renderer.render(audio, settings, true); // warm-up
                double memoryS = median(() -> Renderer.render(audio, settings, true));
                t.row("mixer", "render of audio in memory (10 stages + limiter), one thread", fmt(memoryS), fmt(durationS / memoryS));
            } else {
                t.row("mixer", "render of audio in memory: skipped, the song does not fit in this heap", "", "");
            }
            double soxS = Double.NaN;
            if (onPath("sox")) {
                List<String> cmd = new ArrayList<>(List.of("sox", "-q", wav.toString(), dir.resolve("sox-out.wav").toString()));
                cmd.addAll(List.of(SOX_CHAIN.split(" ")));
                soxS = median(() -> runProcess(cmd));
                t.row("sox", "read WAV + chain + write WAV (one thread)", fmt(soxS), fmt(durationS / soxS));
            }
            out.print(t);
            if (Double.isFinite(soxS)) {
                out.println("sox chain: " + SOX_CHAIN);
                out.printf(Locale.ROOT, "mixer render is %.2fx the speed of sox (one thread: %.2fx)%n", soxS / streamedS, soxS / serialS);
            } else {
                out.println("sox is not on PATH: install it (apt-get install sox) for the side-by-side figure.");
            }
            out.printf(Locale.ROOT, "peak heap of the streamed runs: %d MiB (sum of the heap pools' peaks, an upper bound); "
                    + "the song as float arrays would be %d MiB%n", streamedHeap >> 20, frames * 8 >> 20);
            out.printf(Locale.ROOT, "process peak resident memory %s%n", HeapPeak.peakRss());
            return 0;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The input as a 24-bit WAV, written block by block (a synthetic hour never sits in memory). */
    private void writeInput(Path wav) throws Exception {
        try (AudioSource source = inputFile != null ? AudioReader.open(inputFile) : SyntheticMusic.source(seconds, rateHz, seed.value);
             AudioWriter.Output w = AudioWriter.open(wav, SampleFormat.PCM_24, source.spec().sampleRateHz(), source.frames())) {
            mixer.dsp.Pipeline.run(source, List.of(), w, false);
            w.commit();
        }
    }

    /** What `mixer render IN -p P -o OUT` does, without its loudness summary. */
    static void fileToFile(Path in, Path out, MixSettings settings, boolean parallel) throws Exception {
        try (AudioInput input = AudioReader.open(in);
             AudioWriter.Output file = AudioWriter.open(out, SampleFormat.PCM_24, input.sampleRateHz(), input.frames())) {
            if (parallel) {
                Renderer.render(input, settings, true, file);
            } else {
                Renderer.render(input, settings, true, file, false);
            }
            file.commit();
        }
    }

    /** gain, compand (about 3:1 above -20 dB, 10 ms / 120 ms), three equalizer bands, reverb, echo at 250 ms. */
    static final String SOX_CHAIN = "gain -3 compand 0.01,0.12 6:-70,-70,-20,-20,0,-13.3 "
            + "equalizer 4000 0.7q 3 equalizer 1000 0.8q 2 equalizer 120 0.7q -2 reverb 30 echo 0.8 0.9 250 0.35";

    interface Work {
        void run() throws Exception;
    }

    private double median(Work work) throws Exception {
        double[] s = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        return s[repeats / 2];
    }

    private static void runProcess(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("command failed: " + String.join(" ", cmd));
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }
}

package mixer.cli;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioFile;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render speed as a multiple of real time: the full chain (10 stages + limiter) on one "
                + "thread, next to sox running a comparable chain (gain, compand, three equalizer bands, reverb, "
                + "echo) on the same file.",
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

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic music (default ${DEFAULT-VALUE}).")
    long seed;

    /** A mid-range setting with every stage doing work. */
    static MixSettings benchSettings() {
        double[] n = new double[Param.COUNT];
        Arrays.fill(n, 0.65);
        return MixSettings.ofNormalized(n);
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("mixer-bench");
        try {
            Path wav = dir.resolve("input.wav");
            Audio audio;
            if (inputFile != null) {
                audio = AudioReader.read(inputFile).audio();
            } else {
                audio = SyntheticMusic.generate(seconds, rateHz, seed);
            }
            AudioWriter.write(audio, wav, SampleFormat.PCM_24);
            double durationS = audio.durationSeconds();
            MixSettings settings = benchSettings();
            System.out.printf("input: %.1f s, %d Hz stereo (%s); %d processors visible to the JVM%n", durationS,
                    audio.sampleRateHz(), inputFile == null ? "synthetic music, seed " + seed : inputFile,
                    Runtime.getRuntime().availableProcessors());
            System.out.println("settings: " + settings);

            Table t = new Table("renderer", "what is timed", "median_s", "x_real_time");
            Renderer.render(audio, settings, true); // warm-up: JIT
            double renderS = median(() -> Renderer.render(audio, settings, true));
            t.row("mixer", "render in memory (10 stages + limiter)", fmt(renderS), fmt(durationS / renderS));
            Path out = dir.resolve("mixer-out.wav");
            double fileS = median(() -> {
                AudioFile in = AudioReader.read(wav);
                AudioWriter.write(Renderer.render(in.audio(), settings, true), out, SampleFormat.PCM_24);
            });
            t.row("mixer", "read WAV + render + write WAV", fmt(fileS), fmt(durationS / fileS));
            if (onPath("sox")) {
                List<String> cmd = new ArrayList<>(List.of("sox", "-q", wav.toString(), dir.resolve("sox-out.wav").toString()));
                cmd.addAll(List.of(SOX_CHAIN.split(" ")));
                double soxS = median(() -> runProcess(cmd));
                t.row("sox", "read WAV + chain + write WAV", fmt(soxS), fmt(durationS / soxS));
                System.out.print(t);
                System.out.println("sox chain: " + SOX_CHAIN);
                System.out.printf("mixer file-to-file is %.1fx the speed of sox%n", soxS / fileS);
            } else {
                System.out.print(t);
                System.out.println("sox is not on PATH: install it (apt-get install sox) for the side-by-side figure.");
            }
            return 0;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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
        return v >= 100 ? String.format("%.0f", v) : String.format("%.3f", v);
    }
}

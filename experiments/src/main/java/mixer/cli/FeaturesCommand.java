package mixer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dsp.AudioSource;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.inference.Mixer;
import mixer.inference.Song;
import mixer.dataset.features.SongWindows;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Prints the descriptor vector a model hears in an audio file, one named descriptor a line: the mean over "
                + "the windows `mixer mix` reads (up to --windows of about 3 s, spread over the song, silent ones left out).",
                "What each descriptor measures is in docs/DESIGN.md and `Descriptors` (one line each); the networks hear "
                        + "the log-mel spectrogram of the same windows beside it."})
final class FeaturesCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "An audio file (WAV, FLAC, OGG, MP3).")
    Path file;

    @Option(names = "--json", description = "Print JSON: the file, its rate, the feature version, the windows and the named descriptors.")
    boolean json;

    @Option(names = "--feature-version", defaultValue = "" + FeatureConfig.LATEST_VERSION, paramLabel = "N",
            description = "The features of this version, as a model trained on it hears them (default: ${DEFAULT-VALUE}, the latest).")
    int version;

    @CommandLine.Mixin
    Options.Windows maxWindows;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FeatureConfig config;
        try {
            config = new FeatureConfig(FeatureConfig.DEFAULT.logMel(), FeatureConfig.DEFAULT.frames(), version);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Song song = Song.of(file);
        int rate = song.sampleRateHz();
        int windowSamples = config.windowSamples(rate);
        List<Features> windows;
        LoudnessMeter meter = new LoudnessMeter(rate, song.sourceChannels()); // in the same pass, for the notes below
        try (AudioSource in = song.open()) {
            windows = SongWindows.features(SongWindows.read(in, song.frames(), windowSamples, maxWindows.max, meter::accept), config);
        }
        Loudness loudness = meter.result();
        if (!Double.isFinite(loudness.integratedLufs())) { // as `mixer mix` says it of a song
            spec.commandLine().getErr().println("note: " + file + ": " + Mixer.NO_LOUDNESS + ": these are the descriptors of near silence");
        } else {
            Mixer.shorterThanAWindow(song, config, "song").ifPresent(n -> spec.commandLine().getErr().println("note: " + file + ": " + n));
        }
        List<String> names = config.descriptorNames();
        double[] mean = new double[names.size()];
        for (Features w : windows) for (int i = 0; i < mean.length; i++) mean[i] += w.descriptors()[i] / (double) windows.size();

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> descriptors = new LinkedHashMap<>();
            for (int i = 0; i < mean.length; i++) descriptors.put(names.get(i), Double.parseDouble(Float.toString((float) mean[i]))); // float's digits
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("sample_rate_hz", rate);
            m.put("feature_version", version);
            m.put("windows", windows.size());
            m.put("window_seconds", windowSamples / (double) rate);
            m.put("descriptors", descriptors);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } else {
            out.printf(Locale.ROOT, "%s: %d Hz; feature version %d; the mean over %d window%s of %.2f s%n", file, rate, version,
                    windows.size(), windows.size() == 1 ? "" : "s", windowSamples / (double) rate);
            Table t = new Table("descriptor", "value");
            for (int i = 0; i < mean.length; i++) t.row(names.get(i), String.format(Locale.ROOT, "%.4g", mean[i]));
            out.print(t);
        }
        out.flush();
        return 0;
    }
}

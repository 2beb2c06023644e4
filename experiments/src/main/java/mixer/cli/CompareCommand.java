package mixer.cli;

import mixer.dsp.Audio;
import mixer.dsp.io.AudioFile;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.params.ParamsFile;
import mixer.dataset.features.FeatureConfig;
import mixer.inference.CompareChart;
import mixer.inference.Comparison;
import mixer.inference.MixJob;
import mixer.inference.MixOptions;
import mixer.inference.Mixer;
import mixer.inference.Predictors;
import mixer.inference.Song;
import mixer.inference.Spectrum;
import mixer.training.SettingsPredictor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Mixes one song with several models: a table of each model's settings and the loudness and "
                + "true peak of its mix, and a chart (PNG) of the settings per model and the spectra before and after (and the reference's).",
                "Models that are not trained are reported and left out (exit 1 where one was named in --models)."})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SONG", description = "The song (WAV, FLAC, OGG, MP3).")
    Path song;

    @Option(names = "--models", split = ",", paramLabel = "A,B,...",
            defaultValue = "ensemble,ast,baseline-cnn,enhanced-cnn",
            description = "Models to compare, by name (NAME-quick for a --quick run's) or by file (a bundle .zip, an ensemble .json); "
                    + "each of its own name (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @picocli.CommandLine.Mixin
    Options.ModelsDir modelsDir;

    @Option(names = "--chart", paramLabel = "FILE.png",
            description = "Where the chart goes (default: SONG-NAME-compare.png in the current folder).")
    Path chart;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Also write each model's mix there as SONG-NAME.MODEL.wav.")
    Path outDir;

    @CommandLine.Mixin
    Options.NoLimiter noLimiter;

    @Option(names = "--reference", paramLabel = "REF",
            description = "Compare match-other models mixing the song toward this reference, at any rate: heard at the "
                    + "song's (the models folder is then " + mixer.training.ModelsFolder.MATCH_OTHER + " unless --models-dir names "
                    + "another); its loudness is shown beside the mixes, and each mix's distance from its sound beside the song's.")
    Path reference;

    @CommandLine.Mixin
    Options.Windows windows;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path png = chart != null ? chart : Path.of(stem(song) + "-compare.png");
        try {
            if (outDir != null) MixJob.requireOutDir(outDir); // before the mixes, not after them
        } catch (MixJob.PlanException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        AudioOut.refuseOver(png, AudioOut.Written.CHART, java.util.Arrays.asList(song, reference), spec.commandLine());
        Predictors lookup = modelsDir.predictors(reference != null);
        AudioFile ref = reference == null ? null : AudioReader.read(reference);
        Loudness refLoudness = ref == null ? null : mixer.dsp.loudness.LoudnessMeter.measure(ref.audio(), ref.sourceChannels());
        if (ref != null) Formats.requireSound(reference, refLoudness, Formats.REFERENCE_NEEDS_SOUND);
        List<SettingsPredictor> predictors = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean failed = false;
        for (String name : new java.util.LinkedHashSet<>(models)) {
            SettingsPredictor p;
            try {
                p = lookup.get(name.trim());
            } catch (IllegalArgumentException e) { // an unknown name is bad usage, as in `mixer mix`
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            } catch (IllegalStateException | java.io.IOException e) { // not trained, or its file unreadable: reported, left out
                missing.add(e.getMessage());
                // the default list's untrained models are left out as a matter of course; a model asked for by name, or
                // a file that cannot be read, is a failure (exit 1) once the others are compared, as a batch's song is
                failed |= e instanceof java.io.IOException || spec.commandLine().getParseResult().hasMatchedOption("--models");
                continue;
            }
            // each model is a column, a chart line and a file named by its name: two of one name wrote one mix with the
            // other's settings (two model files of one model)
            if (predictors.stream().anyMatch(q -> q.name().equals(p.name()))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "two models named '" + p.name() + "' (" + name.trim()
                        + " and another in --models): compare models of different names, or each file with the models of its folder");
            }
            predictors.add(p);
        }
        missing.forEach(m -> spec.commandLine().getErr().println(spec.qualifiedName() + ": " + m + " (left out)"));
        if (predictors.isEmpty()) {
            throw new IllegalStateException("none of the models " + models + " can be used (see above)");
        }
        for (SettingsPredictor p : outDir == null ? List.<SettingsPredictor>of() : predictors) {
            AudioOut.refuseToOverwrite(spec.commandLine(), mixFile(p.name()), song, reference);
        }
        AudioFile in = AudioReader.read(song);
        FeatureConfig heard = predictors.get(0).featureConfig(); // one window for all: the models of one workbench
        Mixer.shorterThanAWindow(Song.of(in.audio()), heard, "song").ifPresent(n -> spec.commandLine().getErr().println("note: " + song + ": " + n));
        if (ref != null) {
            Mixer.shorterThanAWindow(Song.of(ref.audio()), heard, "reference")
                    .ifPresent(n -> spec.commandLine().getErr().println("note: " + reference + ": " + n));
        }
        // the reference heard at the song's rate, as `mixer mix --reference` hears it (Mixer#reference)
        Audio heardRef = ref == null ? null : Mixer.whole(Song.of(ref.audio()).atRate(in.sampleRateHz()));
        Mixer.referenceRateNote(Song.of(in.audio()), ref == null ? null : Song.of(ref.audio()))
                .ifPresent(n -> spec.commandLine().getErr().println("note: " + song + ": " + n));
        Comparison c;
        try {
            Progress progress = Progress.on(spec.commandLine().getErr()); // seconds a model on a long song: said as it goes
            c = Comparison.of(in.audio(), in.sourceChannels(), predictors, new MixOptions(1, OptionalDouble.empty(), !noLimiter.given), windows.max,
                    heardRef, (name, i) -> progress.show(i, predictors.size(), "mixing with " + name));
            progress.finish();
        } catch (IllegalArgumentException e) { // a blind model with a reference, or a match model without one
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!Double.isFinite(c.inputLoudness().integratedLufs())) { // as `mixer mix` warns
            spec.commandLine().getErr().println("warning: " + song + ": " + Mixer.NO_LOUDNESS
                    + ": the settings are the models' guess from near silence");
        }
        for (Comparison.Entry e : c.entries()) {
            for (String n : e.mix().notes()) spec.commandLine().getErr().println("note: " + song + ": " + e.prediction().model() + ": " + n);
        }

        List<String> header = new ArrayList<>(List.of("", "input"));
        c.entries().forEach(e -> header.add(e.prediction().model()));
        Table t = new Table(header.toArray(String[]::new));
        for (Param p : Param.all()) {
            List<String> row = new ArrayList<>(List.of(p.id, ""));
            c.entries().forEach(e -> row.add(Formats.physical(p, e.mix().applied().get(p))));
            t.row(row.toArray(String[]::new));
        }
        t.row(measures("integrated_lufs", c, Loudness::integratedLufs));
        t.row(measures("true_peak_dbtp", c, Loudness::truePeakDbtp));
        if (ref != null) { // how near each mix came to the reference's sound, as `mixer mix --reference` says it
            List<String> row = new ArrayList<>(List.of("reference_distance", String.format(Locale.ROOT, "%.3f", c.inputReferenceDistance())));
            c.entries().forEach(e -> row.add(String.format(Locale.ROOT, "%.3f", e.referenceDistance())));
            t.row(row.toArray(String[]::new));
        }
        spec.commandLine().getOut().printf("%s (%.1f s, %d Hz)%s%n", song, in.audio().durationSeconds(), in.sampleRateHz(),
                noLimiter.given ? ", limiter off" : "");
        spec.commandLine().getOut().print(t);
        if (ref != null) {
            spec.commandLine().getOut().printf("reference %s: %s LUFS, %s dBTP%n", reference, fmt(refLoudness.integratedLufs()),
                    fmt(refLoudness.truePeakDbtp()));
        }

        String stem = stem(song);
        Map<String, MixSettings> settings = new LinkedHashMap<>();
        Map<String, Spectrum> spectra = new LinkedHashMap<>();
        for (Comparison.Entry e : c.entries()) {
            settings.put(e.prediction().model(), e.mix().applied());
            spectra.put(e.prediction().model(), e.spectrum());
            if (outDir != null) {
                Path out = mixFile(e.prediction().model());
                SettingsPredictor model = predictors.stream().filter(p -> p.name().equals(e.prediction().model())).findFirst().orElseThrow();
                AudioWriter.write(e.audio(), out, in.preferredWriteFormat(), ParamsFile.described(e.mix().applied(), "_mixed_by", by -> {
                    Predictors.describe(by, model);
                    by.put("song", song.toString());
                    if (reference != null) by.put("reference", reference.toString());
                    by.put("windows", windows.max); // as `mixer mix` records it: fewer windows, other settings
                    by.put("limiter", !noLimiter.given);
                    by.put("command", "mixer compare");
                }));
                spec.commandLine().getOut().println("mix: " + out);
            }
        }
        String madeBy = "song " + song.toAbsolutePath().normalize() + "; models " + String.join(", ", predictors.stream()
                .map(p -> p.name() + (p.madeBy().isEmpty() ? "" : " " + p.madeBy())).toList()) + "; windows " + windows.max + "; limiter "
                + (noLimiter.given ? "off" : "on") + (reference == null ? "" : "; reference " + reference.toAbsolutePath().normalize());
        CompareChart.write(png, song.getFileName().toString(), settings, c.inputSpectrum(), spectra,
                heardRef == null ? null : Spectrum.of(heardRef), madeBy);
        spec.commandLine().getOut().println("chart: " + png);
        return failed ? 1 : 0;
    }

    private static String[] measures(String name, Comparison c, java.util.function.ToDoubleFunction<Loudness> f) {
        List<String> row = new ArrayList<>(List.of(name, fmt(f.applyAsDouble(c.inputLoudness()))));
        c.entries().forEach(e -> row.add(fmt(f.applyAsDouble(e.loudness()))));
        return row.toArray(String[]::new);
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-inf";
    }

    static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Where --out-dir puts a model's mix of the song. */
    private Path mixFile(String model) {
        return outDir.resolve(stem(song) + "." + model + ".wav");
    }
}

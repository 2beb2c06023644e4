package mixer.cli;

import mixer.dataset.Task;
import mixer.dataset.match.PairFit;
import mixer.dataset.match.ReferenceDistance;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.Param;
import mixer.dsp.params.ParamsFile;
import mixer.inference.Estimation;
import mixer.inference.Mixer;
import mixer.inference.Prediction;
import mixer.inference.Predictors;
import mixer.inference.Song;
import mixer.training.SettingsPredictor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Estimates the settings that turn a raw take into its mix (the match same task): a match-same model "
                + "hears the two files' windows side by side and predicts the 10 settings, and every setting is then read "
                + "from the pair (a two-stage estimate: the input gain, ratio and output level from the compressor's gain the "
                + "pair shows, the EQs, sends and width by least squares, the gain structure again; the ensemble's starts "
                + "from its own settings and from each member's and keeps the answer that explains the pair best); "
                + "--refine then adjusts them with "
                + "the exact chain until render(RAW, settings) sounds like MIXED. Prints the settings; --params-out writes "
                + "them as a preset for `mixer render`.",
                "The two files must have the same rate and length (a mix keeps its input's length) and have sound; the mix "
                        + "is taken as rendered without the safety limiter. It says how far render(RAW) with the settings stays "
                        + "from MIXED, and warns when the chain does not explain the mix (not a mix of this take)."})
final class EstimateCommand implements Callable<Integer> {

    @Option(names = "--raw", required = true, paramLabel = "RAW", description = "The raw take (WAV, FLAC, OGG, MP3).")
    Path raw;

    @Option(names = "--mixed", required = true, paramLabel = "MIXED", description = "Its mix, the same length at the same rate.")
    Path mixed;

    @Option(names = "--model", defaultValue = "ensemble", paramLabel = "NAME",
            completionCandidates = Options.ModelNames.class,
            description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); NAME-quick for a --quick run's; "
                    + "or a model's file wherever it is (a bundle .zip; an ensemble .json, as evaluate --refit-ensemble writes).")
    String model;

    @Option(names = "--models-dir", defaultValue = mixer.training.ModelsFolder.MATCH_SAME, paramLabel = "DIR",
            description = "Where the match-same models are (default: ${DEFAULT-VALUE}).")
    Path modelsDir;

    @Option(names = "--refine", description = "Refine the two-stage estimate with the exact chain against MIXED (a bounded "
            + "derivative-free search over the settings, the output level set where the render is as loud as MIXED).")
    boolean refine;

    @Option(names = "--params-out", paramLabel = "PARAMS.json", description = "Write the estimated settings as a preset.")
    Path paramsOut;

    @CommandLine.Mixin
    Options.Windows windows;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (paramsOut != null) AudioOut.refusePresetOver(paramsOut, List.of(raw, mixed), spec.commandLine());
        Song.FileSong rawSong = Song.of(raw), mixedSong = Song.of(mixed); // a missing or unreadable file fails here, named
        if (rawSong.sampleRateHz() != mixedSong.sampleRateHz()) {
            throw usage(mixed + " is at " + mixedSong.sampleRateHz() + " Hz and " + raw + " at " + rawSong.sampleRateHz()
                    + " Hz: a mix keeps its input's rate; give the pair at one rate");
        }
        if (rawSong.frames() != mixedSong.frames()) {
            throw usage(lengthsDiffer(raw, rawSong.frames(), lossyCodec(raw), mixed, mixedSong.frames(), lossyCodec(mixed)));
        }
        SettingsPredictor predictor;
        Mixer mixer;
        try {
            predictor = ((Main) spec.root().userObject()).models(modelsDir).get(model);
            if (predictor.task() != Task.MATCH_SAME) {
                String which = Predictors.isFile(model) ? "model file " + model : "model '" + predictor.name() + "' in " + modelsDir;
                throw new IllegalArgumentException(which + " was trained for "
                        + predictor.task().id() + "; estimate needs a match-same model (`mixer reproduce --task match-same`)");
            }
            mixer = new Mixer(predictor, windows.max, mixedSong);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        long t0 = System.nanoTime();
        Estimation.Pair pair = Estimation.Pair.read(rawSong, mixedSong);
        Formats.requireSound(raw, LoudnessMeter.measure(pair.rawAudio(), rawSong.sourceChannels()), "a raw take needs sound to read settings from");
        Formats.requireSound(mixed, LoudnessMeter.measure(pair.mixedAudio(), mixedSong.sourceChannels()), "a mix needs sound to read settings from");
        Progress progress = Progress.on(spec.commandLine().getErr()); // tens of seconds on a long pair: said as it goes
        int[] step = {0};
        Estimation.Result e = Estimation.estimate(mixer, pair, refine, what -> progress.show(step[0]++, refine ? 3 : 2, what));
        progress.finish();
        print(e, (System.nanoTime() - t0) / 1e9);
        if (paramsOut != null) {
            writeParams(e, predictor);
            spec.commandLine().getOut().println("settings: " + paramsOut + " (`mixer render " + raw + " -p " + paramsOut
                    + " -o OUT.wav --no-limiter` renders the estimate)");
        }
        return 0;
    }

    private void print(Estimation.Result e, double seconds) {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (e.clippedRuns() > 0) {
            err.printf(Locale.ROOT, "warning: %s is clipped (%d runs of samples held at full scale): "
                    + "the mix went above 0 dBFS and its file cut it, which the chain cannot explain, so the settings read from "
                    + "it are off. Give the mix unclipped: as float (`mixer render --no-limiter --format float32`, or a DAW's "
                    + "32-bit float bounce) or with a lower output level.%n", mixed, e.clippedRuns());
        }
        if (e.monoMixOfStereo()) {
            err.println("note: " + mixed + " is mono and " + raw + " stereo: the chain's mixes are "
                    + "stereo, so the pair reads as if the width had folded the side away (stereo_width 0)");
        }
        Prediction network = e.network();
        String from = e.starts().size() == 1 ? "" : String.format(Locale.ROOT, " from its settings and its %d members' (kept: %s's)",
                e.starts().size() - 1, e.keptModel());
        out.printf(Locale.ROOT, "%s -> %s (model %s, %d window%s, the settings read from the pair%s%s, %.1f s)%n", raw, mixed,
                network.model(), network.windows(), network.windows() == 1 ? "" : "s", from, e.refined() ? ", refined" : "", seconds);
        Table t = e.refined() ? new Table("parameter", "network", "estimated", "refined") : new Table("parameter", "network", "estimated");
        for (Param p : Param.all()) {
            String net = Formats.physical(p, network.settings().get(p)), estimated = Formats.physical(p, e.estimated().get(p));
            if (e.refined()) t.row(p.id, net, estimated, Formats.physical(p, e.settings().get(p)));
            else t.row(p.id, net, estimated);
        }
        out.print(t);
        for (Param p : e.bypassed()) {
            out.printf(Locale.ROOT, "%s: not heard at %d Hz (the chain bypasses its filter at this rate), so estimated as %s%n",
                    p.id, e.sampleRateHz(), Formats.physical(p, p.neutral));
        }
        if (!e.splitHeard()) {
            out.printf(Locale.ROOT, "the compressor's gain reduction varies by %.2f dB in this pair: it shows the input gain and "
                    + "the output level as their sum, %+.1f dB, and how that splits hardly at all%n", e.gainReductionRangeDb(),
                    e.settings().get(Param.INPUT_GAIN_DB) + e.settings().get(Param.OUTPUT_LEVEL_DB));
        } else {
            out.printf(Locale.ROOT, "the compressor's gain reduction varies by %.1f dB in this pair: the input gain and the ratio "
                    + "are heard in it%n", e.gainReductionRangeDb());
        }
        PairFit.Fit fit = e.fit();
        out.printf(Locale.ROOT, "render(RAW) with these settings is %.4f from MIXED, RAW itself %.3f (multi-resolution STFT "
                + "distance plus loudness difference / %.0f LU)%n", fit.left(), fit.before(), ReferenceDistance.LOUDNESS_LU_PER_UNIT);
        if (fit.left() > fit.before()) { // a weak or quick model's answer can be worse than none: it was printed without a word
            err.printf(Locale.ROOT, "warning: render(%s) with these settings is farther from %s (%.4f) than %s itself (%.4f): "
                    + "the neutral chain explains the pair better%s; %s%n", raw, mixed, fit.left(), raw, fit.before(),
                    fit.before() == 0 ? " (the two are the same audio)" : "",
                    e.refined() ? "the model was no help here" : "--refine searches from these settings with the exact chain");
        }
        if (!fit.explained()) {
            err.printf(Locale.ROOT, "warning: %s is not explained by the chain from %s (%.2f left; a take "
                    + "and its mix leave under %.1f): the settings above are the chain's nearest, not necessarily the ones used. Is "
                    + "it a mix of this take, cut alike, rendered without the limiter?%n", mixed, raw, fit.left(), PairFit.UNEXPLAINED);
        }
    }

    /**
     * The estimate as PARAMS.json (physical units, what `mixer render` reads) with an {@code "_estimated_by"} block, as
     * {@code mixer mix} writes {@code "_mixed_by"}: the pair, the model and its own settings, what the pair showed, and
     * provenance.
     */
    private void writeParams(Estimation.Result e, SettingsPredictor model) throws java.io.IOException {
        ParamsFile.write(e.settings(), paramsOut, "_estimated_by", by -> {
            by.put("raw", raw.toString());
            by.put("mixed", mixed.toString());
            Predictors.describe(by, model);
            by.put("windows", e.network().windows());
            by.put("refine", e.refined());
            by.set("network", ParamsFile.toNode(e.network().settings()));
            if (e.starts().size() > 1) by.put("second_stage_start", e.keptModel()); // the member whose start the kept settings came from
            by.put("gain_reduction_range_db", e.gainReductionRangeDb());
            by.put("split_heard", e.splitHeard());
            by.put("pair_distance_left", e.fit().left());
            by.put("pair_distance_raw", e.fit().before());
            by.put("explained", e.fit().explained());
            by.put("render_with", "mixer render RAW -p " + paramsOut.getFileName() + " -o OUT.wav --no-limiter");
        });
    }

    /**
     * Why a pair of other lengths is refused, and, when a file is lossy, the likely cause: an MP3 encoder adds silence
     * before and after the music, which a decoder takes away only when the file's gapless (LAME/Xing) header says how
     * much; without one the pair differed by about a thousand frames and the user was told only to cut it alike.
     */
    static String lengthsDiffer(Path raw, long rawFrames, String rawLossy, Path mixed, long mixedFrames, String mixedLossy) {
        String message = String.format(Locale.ROOT, "%s has %d frames and %s %d: a mix keeps its input's length; give the pair "
                + "cut alike (estimate compares them sample by sample)", raw, rawFrames, mixed, mixedFrames);
        Path lossy = mixedLossy != null ? mixed : rawLossy != null ? raw : null;
        if (lossy == null) return message;
        return message + String.format(Locale.ROOT, ". %s is %s, whose encoder adds silence before and after the audio (here the "
                + "lengths differ by %d frames) that decoding removes only with a gapless header; give it as WAV or FLAC",
                lossy, lossy == mixed ? mixedLossy : rawLossy, Math.abs(rawFrames - mixedFrames));
    }

    /** The codec of a lossy file (mp3, vorbis, ...), or null for a lossless one. */
    private static String lossyCodec(Path file) throws java.io.IOException {
        try (mixer.dsp.io.AudioInput in = mixer.dsp.io.AudioReader.open(file)) {
            return in.bitsPerSample() == 0 ? in.codec().toUpperCase(Locale.ROOT) : null;
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

package mixer.cli;

import mixer.dataset.Task;
import mixer.dataset.features.Features;
import mixer.dataset.match.GainStructure;
import mixer.dataset.match.PairFit;
import mixer.dataset.match.ReferenceDistance;
import mixer.dataset.match.ReferenceRefiner;
import mixer.dataset.match.SecondStage;
import mixer.dsp.Audio;
import mixer.dsp.chain.MixChain;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.params.ParamsFile;
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
                + "hears the two files' windows side by side and predicts the 10 settings, and the input gain, ratio and "
                + "output level are then read from the compressor's gain the pair shows, given the predicted EQs, sends "
                + "and width (a two-stage estimate); --refine then adjusts them with "
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
            description = "ensemble, ast, baseline-cnn, enhanced-cnn or descriptor-mlp (default: ${DEFAULT-VALUE}); NAME-quick for a --quick run's.")
    String model;

    @Option(names = "--models-dir", defaultValue = mixer.training.ModelsFolder.MATCH_SAME, paramLabel = "DIR",
            description = "Where the match-same models are (default: ${DEFAULT-VALUE}).")
    Path modelsDir;

    @Option(names = "--refine", description = "Refine the prediction with the exact chain against MIXED (a bounded "
            + "derivative-free search over the 10 settings).")
    boolean refine;

    @Option(names = "--params-out", paramLabel = "PARAMS.json", description = "Write the estimated settings as a preset.")
    Path paramsOut;

    @CommandLine.Mixin
    Options.Windows windows;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Below this range of gain reduction (dB, {@link GainStructure#reductionRangeDb}) the compressor hardly shows how the
     * level splits between input gain and output level. Measured ({@code SecondStageProbe}, 64 training tracks, the
     * range at the true settings): the second stage's input-gain error averaged 0.156 on the 7 rows under 1 dB (a split
     * drawn at random within the ranges costs about 0.17), 0.018 on the 7 at 1-2 dB and 0.015 on the 50 above.
     */
    static final double SPLIT_HEARD_DB = 1;

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
                throw new IllegalArgumentException("model '" + predictor.name() + "' in " + modelsDir + " was trained for "
                        + predictor.task().id() + "; estimate needs a match-same model (`mixer reproduce --task match-same`)");
            }
            mixer = new Mixer(predictor, windows.max, mixedSong);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        long t0 = System.nanoTime();
        Audio rawAudio = Mixer.whole(rawSong), mixedAudio = Mixer.whole(mixedSong); // read once: every stage hears the same
        MixCommand.requireSound(raw, LoudnessMeter.measure(rawAudio, rawSong.sourceChannels()), "a raw take needs sound to read settings from");
        MixCommand.requireSound(mixed, LoudnessMeter.measure(mixedAudio, mixedSong.sourceChannels()), "a mix needs sound to read settings from");
        long clipped = clippedRuns(mixedAudio);
        if (clipped > 0) {
            spec.commandLine().getErr().printf(Locale.ROOT, "warning: %s is clipped (%d runs of samples held at full scale): "
                    + "the mix went above 0 dBFS and its file cut it, which the chain cannot explain, so the settings read from "
                    + "it are off. Give the mix unclipped: as float (`mixer render --no-limiter --format float32`, or a DAW's "
                    + "32-bit float bounce) or with a lower output level.%n", mixed, clipped);
        }
        if (mixedSong.sourceChannels() == 1 && rawSong.sourceChannels() == 2) {
            spec.commandLine().getErr().println("note: " + mixed + " is mono and " + raw + " stereo: the chain's mixes are "
                    + "stereo, so the pair reads as if the width had folded the side away (stereo_width 0)");
        }
        List<Features> heard = mixer.windows(rawSong, null);
        // the ensemble's second stage starts from its members' settings too, and keeps what explains the pair best
        List<Prediction> starts = mixer.predictWithMembers(heard);
        Prediction prediction = starts.get(0);
        SecondStage.Kept kept = SecondStage.estimate(rawAudio, mixedAudio, starts.stream().map(Prediction::settings).toList());
        // a stage this rate bypasses (the air shelf at 24 kHz and below) leaves no trace in the pair: its setting was the
        // network's guess, printed and saved as if read; it is neutral, as `mixer mix` and the training targets take it
        int rate = rawSong.sampleRateHz();
        MixSettings staged = MixChain.applicable(kept.settings(), rate);
        MixSettings settings = refine ? MixChain.applicable(ReferenceRefiner.refine(rawAudio, mixedAudio, staged, true), rate) : staged;
        var out = spec.commandLine().getOut();
        String from = starts.size() == 1 ? "" : String.format(Locale.ROOT, " from its settings and its %d members' (kept: %s's)",
                starts.size() - 1, starts.get(kept.start()).model());
        out.printf(Locale.ROOT, "%s -> %s (model %s, %d window%s, the settings read from the pair%s%s, %.1f s)%n", raw, mixed,
                prediction.model(), prediction.windows(), prediction.windows() == 1 ? "" : "s", from, refine ? ", refined" : "",
                (System.nanoTime() - t0) / 1e9);
        Table t = refine ? new Table("parameter", "network", "estimated", "refined") : new Table("parameter", "network", "estimated");
        for (Param p : Param.all()) {
            String network = MixCommand.physical(p, prediction.settings().get(p)), estimated = MixCommand.physical(p, staged.get(p));
            if (refine) t.row(p.id, network, estimated, MixCommand.physical(p, settings.get(p)));
            else t.row(p.id, network, estimated);
        }
        out.print(t);
        for (Param p : MixChain.bypassedAt(rate)) {
            out.printf(Locale.ROOT, "%s: not heard at %d Hz (the chain bypasses its filter at this rate), so estimated as %s%n",
                    p.id, rate, MixCommand.physical(p, p.neutral));
        }
        double rangeDb = GainStructure.reductionRangeDb(rawAudio, mixedAudio, settings);
        if (rangeDb < SPLIT_HEARD_DB) {
            out.printf(Locale.ROOT, "the compressor's gain reduction varies by %.2f dB in this pair: it shows the input gain and "
                    + "the output level as their sum, %+.1f dB, and how that splits hardly at all%n", rangeDb,
                    settings.get(Param.INPUT_GAIN_DB) + settings.get(Param.OUTPUT_LEVEL_DB));
        } else {
            out.printf(Locale.ROOT, "the compressor's gain reduction varies by %.1f dB in this pair: the input gain and the ratio "
                    + "are heard in it%n", rangeDb);
        }
        PairFit.Fit fit = PairFit.of(rawAudio, mixedAudio, settings);
        out.printf(Locale.ROOT, "render(RAW) with these settings is %.4f from MIXED, RAW itself %.3f (multi-resolution STFT "
                + "distance plus loudness difference / %.0f LU)%n", fit.left(), fit.before(), ReferenceDistance.LOUDNESS_LU_PER_UNIT);
        if (!fit.explained()) {
            spec.commandLine().getErr().printf(Locale.ROOT, "warning: %s is not explained by the chain from %s (%.2f left; a take "
                    + "and its mix leave under %.1f): the settings above are the chain's nearest, not necessarily the ones used. Is "
                    + "it a mix of this take, cut alike, rendered without the limiter?%n", mixed, raw, fit.left(), PairFit.UNEXPLAINED);
        }
        if (paramsOut != null) {
            writeParams(prediction, starts.get(kept.start()).model(), starts.size() > 1, predictor, settings, rangeDb, fit);
            out.println("settings: " + paramsOut + " (`mixer render " + raw + " -p " + paramsOut
                    + " -o OUT.wav --no-limiter` renders the estimate)");
        }
        return 0;
    }

    /**
     * The estimate as PARAMS.json (physical units, what `mixer render` reads) with an {@code "_estimated_by"} block, as
     * {@code mixer mix} writes {@code "_mixed_by"}: the pair, the model and its own settings, what the pair showed, and
     * provenance.
     */
    private void writeParams(Prediction prediction, String keptStart, boolean severalStarts, SettingsPredictor model, MixSettings settings,
                             double rangeDb, PairFit.Fit fit) throws java.io.IOException {
        ParamsFile.write(settings, paramsOut, "_estimated_by", by -> {
            by.put("raw", raw.toString());
            by.put("mixed", mixed.toString());
            Predictors.describe(by, model);
            by.put("windows", prediction.windows());
            by.put("refine", refine);
            by.set("network", ParamsFile.toNode(prediction.settings()));
            if (severalStarts) by.put("second_stage_start", keptStart); // the member whose start the kept settings came from
            by.put("gain_reduction_range_db", rangeDb);
            by.put("split_heard", rangeDb >= SPLIT_HEARD_DB);
            by.put("pair_distance_left", fit.left());
            by.put("pair_distance_raw", fit.before());
            by.put("explained", fit.explained());
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

    /**
     * Runs of {@value #CLIP_RUN} or more equal samples at full scale in a channel: what a mix written to integer PCM above
     * 0 dBFS holds. The chain's own mixes never hold a sample (they can exceed full scale, kept in float).
     */
    static long clippedRuns(Audio audio) {
        long runs = 0;
        for (float[] channel : audio.stereo()) {
            int run = 1;
            for (int i = 1; i < channel.length; i++) {
                run = channel[i] == channel[i - 1] && Math.abs(channel[i]) >= CLIP_LEVEL ? run + 1 : 1;
                if (run == CLIP_RUN) runs++;
            }
        }
        return runs;
    }

    /** Equal samples in a row that count as a clip (two happen at a peak of a low tone); at 16 bits full scale is 32767/32768. */
    static final int CLIP_RUN = 3;
    static final float CLIP_LEVEL = 0.999f;

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

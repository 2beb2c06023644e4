package mixer.evaluation.metrics;

import mixer.dsp.Audio;
import mixer.dsp.Pipeline;
import mixer.dsp.Renderer;
import mixer.dsp.analysis.OctaveBands;
import mixer.dsp.chain.MixChain;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.stages.DelaySend;
import mixer.dsp.stages.FeedbackCompressor;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Whether each stage of a mix can be heard at all in the finished track: the one place that says so.
 * A setting that changes nothing audible cannot be read from the audio by anyone, so the report
 * gives the error on the examples where the stage is audible next to the error on all of them.
 *
 * <p>The rules ({@link #RULES}): the level stages and the reverb always (no rule); an EQ stage where the
 * song's rate carries its frequency and its octave band holds energy; the width where the music has a
 * side signal; the delay where its echo rises above the music's own correlation at the echo's lag;
 * the compressor where it works, neither idle nor pinned at its gain-reduction cap
 * ({@link #compressorWorkingShare}).
 */
public final class Audibility {

    /** An octave band more than this far below the track's loudest octave band is taken as empty. */
    public static final double EMPTY_BAND_DB = -50;
    /** A side signal this far below the mid or more is taken as none (a mono track). */
    public static final double NO_SIDE_DB = -40;
    /** The compressor is audible where it works (neither idle nor pinned) for at least this share of the time. */
    public static final double MIN_WORKING_SHARE = 0.10;
    /** Gain reduction within this of 0 counts as idle and within this of the cap as pinned, dB. */
    static final double IDLE_OR_PINNED_MARGIN_DB = 0.5;

    /** The octave a stage moves most (its centre, Hz), for the EQ stages. */
    static final Map<Param, Double> BAND_HZ = Map.of(
            Param.LOW_EQ_DB, 63.0, Param.MID_EQ_DB, 1000.0, Param.HIGH_EQ_DB, 8000.0, Param.AIR_DB, 16000.0);
    /** The octave centres a track's loudest band is looked for in. */
    static final double[] OCTAVES_HZ = {63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000};

    /** Each stage's rule in a sentence, for the report. */
    public static final Map<Param, String> RULES;

    static {
        Map<Param, String> r = new EnumMap<>(Param.class);
        r.put(Param.INPUT_GAIN_DB, "always (a level change)");
        r.put(Param.COMP_RATIO, String.format(Locale.ROOT, "the compressor works (gain reduction more than %.1f dB "
                + "from 0 and from its %.0f dB cap) for at least %.0f %% of the time", IDLE_OR_PINNED_MARGIN_DB,
                FeedbackCompressor.MAX_GAIN_REDUCTION_DB, 100 * MIN_WORKING_SHARE));
        for (Param p : BAND_HZ.keySet()) {
            r.put(p, String.format(Locale.ROOT, "the rate carries its frequency and the %s octave is within %.0f dB "
                    + "of the track's loudest octave", hz(BAND_HZ.get(p)), -EMPTY_BAND_DB));
        }
        r.put(Param.REVERB_SEND, "always (no rule)");
        r.put(Param.DELAY_SEND, "its echo (the correlation it adds at 250 ms to uncorrelated music) is larger than the "
                + "finished track's own correlation at 250 ms");
        r.put(Param.STEREO_WIDTH, String.format(Locale.ROOT, "the music has a side signal (side/mid above %.0f dB)",
                NO_SIDE_DB));
        r.put(Param.OUTPUT_LEVEL_DB, "always (a level change)");
        RULES = Collections.unmodifiableMap(r);
    }

    private Audibility() {
    }

    /**
     * One flag per parameter ({@link Param} order): whether that stage of {@code settings} is audible in
     * {@code finished}, the track as it sounds with every stage applied.
     */
    public static boolean[] of(Audio finished, MixSettings settings) {
        return of(finished, finished, settings);
    }

    /**
     * The same for a mix made from music heard apart (a match task's reference and its raw input, an estimate row's
     * input and its source): the delay's echo is compared with {@code music}'s own correlation at its lag, which the
     * mix's includes the echo in; every other rule reads {@code mixed}.
     */
    public static boolean[] of(Audio mixed, Audio music, MixSettings settings) {
        boolean[] out = new boolean[Param.COUNT];
        for (Param p : Param.all()) out[p.ordinal()] = !BAND_HZ.containsKey(p);
        double[] octaves = OctaveBands.levelsDb(mixed, OCTAVES_HZ);
        double loudest = Double.NEGATIVE_INFINITY;
        for (double b : octaves) loudest = Math.max(loudest, b);
        for (Map.Entry<Param, Double> e : BAND_HZ.entrySet()) {
            double band = octaves[Arrays.binarySearch(OCTAVES_HZ, e.getValue())];
            boolean carried = !MixChain.bypassedAt(mixed.sampleRateHz()).contains(e.getKey());
            out[e.getKey().ordinal()] = carried && band - loudest >= EMPTY_BAND_DB;
        }
        // width scales the side signal: the side/mid ratio it was given is the mix's less 20 log10(width)
        double width = settings.get(Param.STEREO_WIDTH);
        out[Param.STEREO_WIDTH.ordinal()] = TrackMeasures.sideToMidDb(mixed) - 20 * Math.log10(width) > NO_SIDE_DB;
        // the echo is heard where it stands out of the music's own repetition (the mix's correlation holds the echo itself)
        out[Param.DELAY_SEND.ordinal()] = echoCorrelation(settings.get(Param.DELAY_SEND))
                > Math.abs(TrackMeasures.correlationAtLag(music, DelaySend.DELAY_MS / 1000));
        out[Param.COMP_RATIO.ordinal()] = compressorWorkingShare(mixed, settings) >= MIN_WORKING_SHARE;
        return out;
    }

    /**
     * The correlation at its lag that the delay return adds to uncorrelated (white) music: for
     * y = x + s D(x), D = z^-N / (1 - f z^-N), it is (s + s^2 f / (1 - f^2)) / (1 + s^2 / (1 - f^2)).
     */
    static double echoCorrelation(double send) {
        double f = DelaySend.FEEDBACK, loop = 1 - f * f;
        return (send + send * send * f / loop) / (1 + send * send / loop);
    }

    /**
     * The share of the (non-silent) time the compressor of {@code settings} works on this track, neither
     * idle (gain reduction within 0.5 dB of 0) nor pinned at its cap: written against today's
     * {@link FeedbackCompressor} (a gain from the envelope of its output, capped at
     * {@link FeedbackCompressor#MAX_GAIN_REDUCTION_DB}); a compressor of another design changes this
     * method only. Its output is the finished track with the later stages undone; its input is that
     * output through its own inverse; the gain reduction is their ratio.
     */
    static double compressorWorkingShare(Audio finished, MixSettings settings) {
        double ratio = settings.get(Param.COMP_RATIO);
        if (ratio == 1) return 0; // idle: exactly no gain change
        MixSettings later = settings.with(Param.INPUT_GAIN_DB, 0).with(Param.COMP_RATIO, 1);
        Audio output = Renderer.invert(finished, later);
        Audio input = Pipeline.process(output, new FeedbackCompressor(ratio).inverse());
        float[] out = output.left(), outR = output.right(), in = input.left(), inR = input.right();
        double low = IDLE_OR_PINNED_MARGIN_DB, high = FeedbackCompressor.MAX_GAIN_REDUCTION_DB - IDLE_OR_PINNED_MARGIN_DB;
        long heard = 0, working = 0;
        for (int i = 0; i < out.length; i++) {
            boolean left = Math.abs(out[i]) >= Math.abs(outR[i]);
            double y = Math.abs(left ? out[i] : outR[i]), x = Math.abs(left ? in[i] : inR[i]);
            if (y < 1e-4) continue; // below -80 dBFS: silence, where no gain is heard
            heard++;
            double reductionDb = 20 * Math.log10(x / y);
            if (reductionDb > low && reductionDb < high) working++;
        }
        return heard == 0 ? 0 : working / (double) heard;
    }

    private static String hz(double hz) {
        return hz >= 1000 ? String.format(Locale.ROOT, "%.0f kHz", hz / 1000) : String.format(Locale.ROOT, "%.0f Hz", hz);
    }
}

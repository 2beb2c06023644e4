package mixer.evaluation.metrics;

import mixer.dataset.FinishedLevel;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.analysis.MultiResolutionStft;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;

import java.util.List;

/**
 * Audio-domain scores of one test example: render the input with the predicted settings and compare the
 * mix with the original it should match. For the restore task the input is what the model heard and
 * the original the finished track; for estimate the input is the finished track and the original the
 * mix the model heard ({@link AudioEvaluation.Pair#of}). Built once per example (the original's loudness
 * and the raw input's distance are measured once), then {@link #score} each model's settings.
 *
 * <p>The mix is rendered with the safety limiter bypassed ({@code Renderer.render(x, p, false)}): the
 * restore identity {@code render(invert(r, p), p) = r} holds only without it (and estimate inputs are
 * rendered without it), so perfect settings give distance 0 and loudness error 0. "Do nothing" (the
 * raw input as the mix) is {@link #doNothing()}.
 */
public final class AudioMetrics {

    private final Audio input;
    private final Audio original;
    private final MultiResolutionStft stft;
    private final double originalLufs;
    private final Score doNothing;

    /**
     * One example's scores.
     *
     * @param stftDistance     multi-resolution STFT distance of the mix from the original (0 = identical)
     * @param loudnessErrorLu  integrated loudness of the mix minus that of the original (LU, signed)
     * @param closerThanInput  the mix is nearer the original (STFT distance) than the raw input is
     * @param levelMovedDb     how far {@link #scoreAsMixed} lowered the output level to keep the mix no louder than
     *                         finished music (0: the predicted level stood)
     */
    public record Score(double stftDistance, double loudnessErrorLu, boolean closerThanInput, double levelMovedDb) {
    }

    public AudioMetrics(Audio input, Audio original, MultiResolutionStft stft) {
        if (input.sampleRateHz() != original.sampleRateHz() || input.frames() != original.frames()) {
            throw new IllegalArgumentException("input (" + input.frames() + " frames at " + input.sampleRateHz()
                    + " Hz) and original (" + original.frames() + " frames at " + original.sampleRateHz()
                    + " Hz) differ in length or rate; a restore example is its original un-mixed, frame for frame");
        }
        this.input = input;
        this.original = original;
        this.stft = stft;
        this.originalLufs = integratedLufs(original);
        if (!Double.isFinite(originalLufs)) {
            throw new IllegalArgumentException("the original is silent or shorter than 400 ms: its loudness is undefined");
        }
        this.doNothing = new Score(stft.distance(input, original), loudnessErrorLu(input), false, 0);
    }

    public AudioMetrics(Audio input, Audio original) {
        this(input, original, MultiResolutionStft.standard());
    }

    /** Renders the input with {@code settings} (limiter bypassed) and compares the mix with the original. */
    public Score score(MixSettings settings) {
        return scoreMix(Renderer.render(input, settings, false));
    }

    /**
     * Renders the input as {@code mixer mix} sets a blind restore's level: when the mix is louder than any
     * finished track the models learnt from, again with the output level that brings it down to that
     * ({@link FinishedLevel}).
     */
    public Score scoreAsMixed(MixSettings settings) {
        Audio mix = Renderer.render(input, settings, false);
        MixSettings kept = FinishedLevel.kept(settings, integratedLufs(mix));
        if (kept.equals(settings)) return scoreMix(mix);
        Score s = scoreMix(Renderer.render(input, kept, false));
        return new Score(s.stftDistance(), s.loudnessErrorLu(), s.closerThanInput(),
                kept.get(Param.OUTPUT_LEVEL_DB) - settings.get(Param.OUTPUT_LEVEL_DB));
    }

    /** Compares an already rendered mix with the original. */
    public Score scoreMix(Audio mix) {
        double d = stft.distance(mix, original);
        return new Score(d, loudnessErrorLu(mix), d < doNothing.stftDistance(), 0);
    }

    /** The raw input taken as the mix: the "do nothing" baseline. */
    public Score doNothing() {
        return doNothing;
    }

    public double originalLufs() {
        return originalLufs;
    }

    private double loudnessErrorLu(Audio mix) {
        return integratedLufs(mix) - originalLufs;
    }

    /** Integrated loudness only. */
    static double integratedLufs(Audio a) {
        return LoudnessMeter.integratedLufs(List.of(a));
    }
}

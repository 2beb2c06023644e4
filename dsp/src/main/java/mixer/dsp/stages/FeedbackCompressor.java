package mixer.dsp.stages;

import mixer.dsp.Audio;
import mixer.dsp.AudioSpec;
import mixer.dsp.InvertibleProcessor;

/**
 * A stereo-linked feedback compressor whose threshold follows the program level; only the ratio is a
 * setting. The gain applied at sample n comes from the output up to sample n-1 (its peak envelope and
 * its program level), so the inverse recomputes the same gain from the given output and divides:
 * x = y / g exactly.
 *
 * <p>Design decision (measured, issue 14): with a fixed -20 dBFS threshold the restore task's inverse
 * met finished tracks far above it (the output level moves them by ±12 dB): in the default dataset it
 * sat at its 24 dB cap most of the time in 34 % of the examples and was idle in 6 %, and there the
 * ratio and the input gain cannot be heard. A threshold that follows the program level 0.75 dB per dB
 * leaves 4 % pinned and 2 % idle. Peaks above the program level are compressed at the ratio, a steady
 * change of level at 1 + (ratio - 1) / 4 : 1. Input gain still moves the threshold against the music
 * by 0.25 dB per dB; a threshold that followed fully would make it a second output level. A fixed threshold
 * or a soft knee did not make blind restore hear the input gain either (measured: CompressorDesignProbe).
 */
public final class FeedbackCompressor implements InvertibleProcessor {

    /** The threshold when the program level is at {@link #PROGRAM_REFERENCE_DB}: see {@link #thresholdDb}. */
    public static final double THRESHOLD_DB = -20;
    /** The program level (dBFS RMS of the louder channel) at which the threshold is {@link #THRESHOLD_DB}. */
    public static final double PROGRAM_REFERENCE_DB = -24;
    /** How far the threshold follows the program level, in dB per dB. */
    public static final double THRESHOLD_TRACKING = 0.75;
    /** Below this program level the threshold stops falling, so an onset after silence is not slammed. */
    public static final double PROGRAM_FLOOR_DB = -40;
    /** Time constant of the program level (a one-pole mean square of the louder channel). */
    public static final double PROGRAM_RMS_MS = 500;
    public static final double ATTACK_MS = 10;
    public static final double RELEASE_MS = 120;
    /**
     * Design decision: the gain reduction is capped ("range"). Without a cap the inverse of a loud
     * transient at ratio 10 would ask for input levels tens of dB above full scale; with it the
     * inverse boosts by at most 24 dB.
     */
    public static final double MAX_GAIN_REDUCTION_DB = 24;
    /** Ratios above this are a limiter, not a compressor; the chain uses 1 … 10. */
    public static final double MAX_RATIO = 100;

    /** The threshold in dBFS at a program level (dBFS RMS of the louder channel, over about 0.5 s). */
    public static double thresholdDb(double programDb) {
        return THRESHOLD_DB + THRESHOLD_TRACKING * (Math.max(programDb, PROGRAM_FLOOR_DB) - PROGRAM_REFERENCE_DB);
    }

    /**
     * How the compressor acted over some audio: of its samples, how many it reduced in gain and how many
     * it held at the cap (there it is a fixed gain, and the ratio and the input gain cannot be heard).
     */
    public record Activity(long samples, long reduced, long atCap) {
        /** At the cap on more than half of the samples: a fixed gain most of the time. */
        public boolean pinned() {
            return 2 * atCap > samples;
        }

        /** Reducing gain on fewer than 1 % of the samples: it (nearly) never engages. */
        public boolean idle() {
            return 100 * reduced < samples;
        }
    }

    /** How a compressor of this ratio acted to give this output (its gain is a function of the output alone). */
    public static Activity activity(Audio output, double ratio) {
        FeedbackGainComputer c = new FeedbackGainComputer(ratio);
        c.prepare(output.sampleRateHz());
        float[] l = output.left();
        float[] r = output.right();
        long reduced = 0;
        long atCap = 0;
        for (int i = 0; i < l.length; i++) {
            double g = c.gain();
            if (g < 1) reduced++;
            if (g == c.minGain()) atCap++;
            c.push(l[i], r[i]);
        }
        return new Activity(l.length, reduced, atCap);
    }

    /** What the stereo-linked compressor hears of {@code audio}, the {@code louder} of {@link #gains}: max(|l|, |r|) a frame. */
    public static float[] louder(Audio audio) {
        float[] l = audio.left(), r = audio.right(), louder = new float[audio.frames()];
        for (int i = 0; i < louder.length; i++) louder[i] = Math.max(Math.abs(l[i]), Math.abs(r[i]));
        return louder;
    }

    /**
     * The gain {@link #process} applies at each frame when a {@link Gain} of {@code inputGainDb} comes before it, from
     * {@code louder}: each frame's larger channel magnitude, max(|l|, |r|), of the audio before that gain. The compressor
     * is stereo-linked, so this is all it hears; a search over input gains and ratios (match same's gain structure)
     * need not render both channels. The same gains as a render, bit for bit: rounding to float is monotonic, so the
     * larger channel after each rounding is the rounded larger channel.
     */
    public static void gains(float[] louder, double inputGainDb, double ratio, int sampleRateHz, double[] out) {
        if (out.length < louder.length) throw new IllegalArgumentException(out.length + " gains for " + louder.length + " frames");
        double factor = StrictMath.pow(10, new Gain(inputGainDb).gainDb() / 20); // as Gain computes it (1 at 0 dB)
        if (checkedRatio(ratio) == 1) { // process() leaves the audio as it is
            java.util.Arrays.fill(out, 0, louder.length, 1.0);
            return;
        }
        FeedbackGainComputer c = new FeedbackGainComputer(ratio);
        c.prepare(sampleRateHz);
        for (int i = 0; i < louder.length; i++) {
            double g = c.gain();
            out[i] = g;
            c.push((float) ((float) (louder[i] * factor) * g), 0f);
        }
    }

    private final double ratio;
    private final boolean inverse;
    private final FeedbackGainComputer computer;
    private boolean prepared;

    public FeedbackCompressor(double ratio) {
        this(ratio, false);
    }

    private FeedbackCompressor(double ratio, boolean inverse) {
        this.ratio = checkedRatio(ratio);
        this.inverse = inverse;
        this.computer = new FeedbackGainComputer(ratio);
    }

    private static double checkedRatio(double ratio) {
        return Require.inRange("ratio", ratio, 1, MAX_RATIO, "", "a ratio below 1 would expand and above " + MAX_RATIO + " is a limiter");
    }

    public double ratio() {
        return ratio;
    }

    public boolean isInverse() {
        return inverse;
    }

    @Override
    public void prepare(AudioSpec spec) {
        computer.prepare(spec.sampleRateHz());
        prepared = true;
    }

    @Override
    public void process(float[][] stereo, int offset, int length) {
        Require.prepared(prepared, this);
        if (ratio == 1) return; // exact identity: the gain would be 1.0 at every sample
        float[] l = stereo[0];
        float[] r = stereo[1];
        FeedbackGainComputer c = computer;
        int end = offset + length;
        if (!inverse) {
            for (int i = offset; i < end; i++) {
                double g = c.gain();
                float yl = (float) (l[i] * g);
                float yr = (float) (r[i] * g);
                l[i] = yl;
                r[i] = yr;
                c.push(yl, yr);
            }
        } else {
            for (int i = offset; i < end; i++) {
                double g = c.gain();
                float yl = l[i];
                float yr = r[i];
                l[i] = (float) (yl / g);
                r[i] = (float) (yr / g);
                c.push(yl, yr);
            }
        }
    }

    @Override
    public void reset() {
        computer.reset();
    }

    @Override
    public FeedbackCompressor inverse() {
        return new FeedbackCompressor(ratio, !inverse);
    }

    @Override
    public String toString() {
        return (inverse ? "inverse of " : "") + "FeedbackCompressor[ratio " + ratio + "]";
    }
}

package mixer.dsp.stages;

import mixer.dsp.Audio;
import mixer.dsp.AudioSpec;
import mixer.dsp.InvertibleProcessor;

/**
 * A stereo-linked feedback compressor with a fixed threshold, attack, release and range; only the ratio
 * is a setting. The gain applied at sample n comes from the envelope of the output up to sample n-1,
 * so the inverse recomputes the same gain from the given output and divides: x = y / g exactly.
 */
public final class FeedbackCompressor implements InvertibleProcessor {

    public static final double THRESHOLD_DB = -20;
    public static final double ATTACK_MS = 10;
    public static final double RELEASE_MS = 120;
    /**
     * Design decision: the gain reduction is capped ("range"). Without a cap the inverse of a loud,
     * finished track at ratio 10 would ask for input levels tens of dB above full scale; with it the
     * inverse boosts by at most 24 dB.
     */
    public static final double MAX_GAIN_REDUCTION_DB = 24;
    /** Ratios above this are a limiter, not a compressor; the chain uses 1 … 10. */
    public static final double MAX_RATIO = 100;

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
        FeedbackGainComputer c = new FeedbackGainComputer(ratio, THRESHOLD_DB, ATTACK_MS, RELEASE_MS, MAX_GAIN_REDUCTION_DB);
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

    private final double ratio;
    private final boolean inverse;
    private final FeedbackGainComputer computer;
    private boolean prepared;

    public FeedbackCompressor(double ratio) {
        this(ratio, false);
    }

    private FeedbackCompressor(double ratio, boolean inverse) {
        this.ratio = Require.inRange("ratio", ratio, 1, MAX_RATIO, "",
                "a ratio below 1 would expand and above " + MAX_RATIO + " is a limiter");
        this.inverse = inverse;
        this.computer = new FeedbackGainComputer(ratio, THRESHOLD_DB, ATTACK_MS, RELEASE_MS,
                MAX_GAIN_REDUCTION_DB);
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

package mixer.dsp.stages;

import mixer.dsp.AudioSpec;
import mixer.dsp.InvertibleProcessor;

/**
 * Mid/side width: M = (L + R) / 2, S = (L - R) / 2, S' = width * S. Width 1 is an exact identity, width 0
 * exactly mono (L == R), width 2 doubles the side. Stateless. The inverse divides S by the width;
 * a width below {@link #MIN_INVERTIBLE_WIDTH} has no inverse: the side signal is (all but) gone.
 */
public final class StereoWidth implements InvertibleProcessor {

    public static final double MAX_WIDTH = 2;
    /** Below this the inverse would amplify the side (and its rounding noise) by more than 60 dB. */
    public static final double MIN_INVERTIBLE_WIDTH = 1e-3;

    private final double width;
    private final boolean inverse;
    private final double sideGain;

    public StereoWidth(double width) {
        this(width, false);
    }

    private StereoWidth(double width, boolean inverse) {
        this.width = Require.inRange("width", width, 0, MAX_WIDTH, "",
                "0 is mono, 1 leaves the image unchanged, " + MAX_WIDTH + " doubles the side signal");
        this.inverse = inverse;
        this.sideGain = inverse ? 1 / width : width;
    }

    public double width() {
        return width;
    }

    public boolean isInverse() {
        return inverse;
    }

    @Override
    public void prepare(AudioSpec spec) {
    }

    @Override
    public void process(float[][] stereo, int offset, int length) {
        if (width == 1) return; // exact identity
        float[] l = stereo[0];
        float[] r = stereo[1];
        double g = sideGain;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            double a = l[i];
            double b = r[i];
            double mid = 0.5 * (a + b);
            double side = 0.5 * (a - b) * g;
            l[i] = (float) (mid + side);
            r[i] = (float) (mid - side);
        }
    }

    @Override
    public void reset() {
    }

    /**
     * @throws IllegalStateException for a width below {@link #MIN_INVERTIBLE_WIDTH}, where the side
     *         signal is gone and cannot be recovered
     */
    @Override
    public StereoWidth inverse() {
        if (!inverse && width < MIN_INVERTIBLE_WIDTH) {
            throw new IllegalStateException("width = " + width + " is not invertible: below "
                    + MIN_INVERTIBLE_WIDTH + " the side signal is (all but) gone and cannot be recovered.");
        }
        return new StereoWidth(width, !inverse);
    }

    @Override
    public String toString() {
        return (inverse ? "inverse of " : "") + "StereoWidth[" + width + "]";
    }
}

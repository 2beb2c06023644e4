package mixer.dsp.stages;

import mixer.dsp.AudioSpec;
import mixer.dsp.InvertibleProcessor;

/**
 * A second-order filter from the RBJ Audio EQ Cookbook, designed and run in double precision in
 * transposed direct form II, one state per channel. The cookbook's shelves and peaking filter are
 * minimum phase (their zeros lie inside the unit circle for any gain), so the inverse, which swaps
 * numerator and denominator, is stable. A gain of 0 dB is an exact identity (the filter is skipped).
 */
public abstract sealed class Biquad implements InvertibleProcessor permits HighShelf, LowShelf, Peaking {

    private final double frequencyHz;
    private final double gainDb;
    private final boolean inverse;

    // Normalised coefficients (a0 = 1) and per-channel state, set by prepare().
    private double b0, b1, b2, a1, a2;
    private final double[] z1 = new double[AudioSpec.CHANNELS];
    private final double[] z2 = new double[AudioSpec.CHANNELS];
    private boolean prepared;

    Biquad(String frequencyName, double frequencyHz, double gainDb, boolean inverse) {
        this.frequencyHz = Require.positive(frequencyName, frequencyHz, "Hz");
        this.gainDb = Require.inRange("gainDb", gainDb, -Gain.MAX_ABS_GAIN_DB, Gain.MAX_ABS_GAIN_DB, "dB",
                "beyond that a 32-bit float signal under- or overflows");
        this.inverse = inverse;
    }

    /** The cookbook's unnormalised coefficients {b0, b1, b2, a0, a1, a2} at this rate. */
    abstract double[] design(double sampleRateHz);

    /** Corner or centre frequency in Hz. */
    public double frequencyHz() {
        return frequencyHz;
    }

    public double gainDb() {
        return gainDb;
    }

    public boolean isInverse() {
        return inverse;
    }

    /** The cookbook's A = 10^(gainDb / 40). */
    final double amplitude() {
        return StrictMath.pow(10, gainDb / 40);
    }

    @Override
    public void prepare(AudioSpec spec) {
        if (frequencyHz >= spec.nyquistHz()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " at " + frequencyHz
                    + " Hz is at or above the Nyquist frequency " + spec.nyquistHz() + " Hz of a "
                    + spec.sampleRateHz() + " Hz stream; use a higher sample rate or a lower frequency.");
        }
        double[] c = design(spec.sampleRateHz());
        if (inverse) { // 1/H: swap numerator and denominator, then renormalise by the new a0
            c = new double[] {c[3], c[4], c[5], c[0], c[1], c[2]};
        }
        double a0 = c[3];
        b0 = c[0] / a0;
        b1 = c[1] / a0;
        b2 = c[2] / a0;
        a1 = c[4] / a0;
        a2 = c[5] / a0;
        reset();
        prepared = true;
    }

    @Override
    public void process(float[][] stereo, int offset, int length) {
        Require.prepared(prepared, this);
        if (gainDb == 0) return; // exact identity
        int end = offset + length;
        float[] l = stereo[0];
        float[] r = stereo[1];
        // Both channels in one loop: two independent recursions overlap in the CPU's pipeline.
        double l1 = z1[0], l2 = z2[0], r1 = z1[1], r2 = z2[1];
        for (int i = offset; i < end; i++) {
            double inL = l[i];
            double inR = r[i];
            double outL = b0 * inL + l1;
            double outR = b0 * inR + r1;
            l1 = Require.flush(b1 * inL - a1 * outL + l2);
            r1 = Require.flush(b1 * inR - a1 * outR + r2);
            l2 = Require.flush(b2 * inL - a2 * outL);
            r2 = Require.flush(b2 * inR - a2 * outR);
            l[i] = (float) outL;
            r[i] = (float) outR;
        }
        z1[0] = l1;
        z2[0] = l2;
        z1[1] = r1;
        z2[1] = r2;
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(z1, 0);
        java.util.Arrays.fill(z2, 0);
    }

    @Override
    public String toString() {
        return (inverse ? "inverse of " : "") + getClass().getSimpleName() + "[" + frequencyHz + " Hz, "
                + gainDb + " dB]";
    }
}

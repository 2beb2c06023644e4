package mixer.dsp.stages;

import mixer.dsp.AudioSpec;
import mixer.dsp.InvertibleProcessor;

/** A plain gain in dB on both channels. Stateless, so it needs no prepare() and has no rate limits. */
public final class Gain implements InvertibleProcessor {

    /** Beyond ±120 dB a 32-bit float signal at normal levels under- or overflows. */
    public static final double MAX_ABS_GAIN_DB = 120;

    private final double gainDb;
    private final double factor;

    public Gain(double gainDb) {
        this.gainDb = Require.inRange("gainDb", gainDb, -MAX_ABS_GAIN_DB, MAX_ABS_GAIN_DB, "dB",
                "beyond that a 32-bit float signal under- or overflows");
        // StrictMath everywhere: the same output on every JVM and CPU, so datasets are reproducible.
        this.factor = StrictMath.pow(10, gainDb / 20);
    }

    public double gainDb() {
        return gainDb;
    }

    @Override
    public void prepare(AudioSpec spec) {
    }

    @Override
    public void process(float[][] stereo, int offset, int length) {
        if (gainDb == 0) return; // exact identity
        double g = factor;
        int end = offset + length;
        for (float[] ch : stereo) {
            for (int i = offset; i < end; i++) ch[i] = (float) (ch[i] * g);
        }
    }

    @Override
    public void reset() {
    }

    /** Gain(-gainDb): 10^(-g/20) is the reciprocal to within a double ulp, far below float rounding. */
    @Override
    public Gain inverse() {
        return new Gain(0.0 - gainDb); // not -gainDb: 0 dB stays +0.0, not -0.0
    }

    @Override
    public String toString() {
        return "Gain[" + gainDb + " dB]";
    }
}

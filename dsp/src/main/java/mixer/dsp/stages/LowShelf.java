package mixer.dsp.stages;

/** RBJ low shelf with shelf slope S = 1: half the gain (in dB) at the corner, full gain toward DC. */
public final class LowShelf extends Biquad {

    public LowShelf(double cornerHz, double gainDb) {
        this(cornerHz, gainDb, false);
    }

    private LowShelf(double cornerHz, double gainDb, boolean inverse) {
        super("cornerHz", cornerHz, gainDb, inverse);
    }

    public double cornerHz() {
        return frequencyHz();
    }

    @Override
    double[] design(double sampleRateHz) {
        double a = amplitude();
        double w0 = 2 * Math.PI * frequencyHz() / sampleRateHz;
        double cos = StrictMath.cos(w0);
        double alpha = StrictMath.sin(w0) / 2 * StrictMath.sqrt(2); // S = 1
        double k = 2 * StrictMath.sqrt(a) * alpha;
        return new double[] {
                a * ((a + 1) - (a - 1) * cos + k),
                2 * a * ((a - 1) - (a + 1) * cos),
                a * ((a + 1) - (a - 1) * cos - k),
                (a + 1) + (a - 1) * cos + k,
                -2 * ((a - 1) + (a + 1) * cos),
                (a + 1) + (a - 1) * cos - k};
    }

    @Override
    public LowShelf inverse() {
        return new LowShelf(frequencyHz(), gainDb(), !isInverse());
    }
}

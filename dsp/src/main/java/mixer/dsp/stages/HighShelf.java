package mixer.dsp.stages;

/** RBJ high shelf with shelf slope S = 1: half the gain (in dB) at the corner, full gain toward Nyquist. */
public final class HighShelf extends Biquad {

    public HighShelf(double cornerHz, double gainDb) {
        this(cornerHz, gainDb, false);
    }

    private HighShelf(double cornerHz, double gainDb, boolean inverse) {
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
                a * ((a + 1) + (a - 1) * cos + k),
                -2 * a * ((a - 1) + (a + 1) * cos),
                a * ((a + 1) + (a - 1) * cos - k),
                (a + 1) - (a - 1) * cos + k,
                2 * ((a - 1) - (a + 1) * cos),
                (a + 1) - (a - 1) * cos - k};
    }

    @Override
    public HighShelf inverse() {
        return new HighShelf(frequencyHz(), gainDb(), !isInverse());
    }
}

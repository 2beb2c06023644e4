package mixer.dsp.stages;

/** RBJ peaking EQ: the full gain at the centre frequency, bandwidth set by q. */
public final class Peaking extends Biquad {

    private final double q;

    public Peaking(double centreHz, double q, double gainDb) {
        this(centreHz, q, gainDb, false);
    }

    private Peaking(double centreHz, double q, double gainDb, boolean inverse) {
        super("centreHz", centreHz, gainDb, inverse);
        this.q = Require.positive("q", q, "");
    }

    public double centreHz() {
        return frequencyHz();
    }

    public double q() {
        return q;
    }

    @Override
    double[] design(double sampleRateHz) {
        double a = amplitude();
        double w0 = 2 * Math.PI * frequencyHz() / sampleRateHz;
        double cos = StrictMath.cos(w0);
        double alpha = StrictMath.sin(w0) / (2 * q);
        return new double[] {
                1 + alpha * a,
                -2 * cos,
                1 - alpha * a,
                1 + alpha / a,
                -2 * cos,
                1 - alpha / a};
    }

    @Override
    public Peaking inverse() {
        return new Peaking(frequencyHz(), q, gainDb(), !isInverse());
    }
}

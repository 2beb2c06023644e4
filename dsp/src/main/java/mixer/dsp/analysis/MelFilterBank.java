package mixer.dsp.analysis;

/**
 * Triangular filters spaced evenly on the mel scale (mel = 2595 log10(1 + Hz/700)) between a lowest
 * and a highest frequency: band b rises from edge b to its centre, edge b + 1, and falls to edge b + 2.
 * Each band's weights sum to 1, so a band reads the weighted mean of its bins' power; a band narrower
 * than a bin reads the bin nearest its centre.
 */
public final class MelFilterBank {

    private final double loMel;
    private final double hiMel;
    private final float[][] weights; // [band][bin - firstBin]
    private final int[] firstBin;

    /** {@code bands} bands from {@code minHz} to {@code maxHz} (clamped to Nyquist) over the bins of {@code stft}. */
    public MelFilterBank(Stft stft, int bands, double minHz, double maxHz) {
        this(stft, bands, minHz, Math.min(maxHz, stft.sampleRateHz() / 2.0), true);
    }

    /**
     * The same bands from {@code minHz} to {@code maxHz} at every rate: where a band reaches above Nyquist,
     * the bins it would have there count as silence (a band wholly above reads 0), so a 32 kHz track
     * reads like a 44.1 kHz track with nothing above 16 kHz.
     */
    public static MelFilterBank sameAtEveryRate(Stft stft, int bands, double minHz, double maxHz) {
        return new MelFilterBank(stft, bands, minHz, maxHz, false);
    }

    private MelFilterBank(Stft stft, int bands, double minHz, double maxHz, boolean clamped) {
        loMel = mel(minHz);
        hiMel = mel(maxHz);
        weights = new float[bands][];
        firstBin = new int[bands];
        for (int b = 0; b < bands; b++) {
            double left = edgeHz(b), centre = edgeHz(b + 1), right = edgeHz(b + 2);
            int from = Math.max(0, (int) Math.floor(stft.bin(left)));
            int to = (int) Math.ceil(stft.bin(right));
            if (clamped) to = Math.min(stft.bins() - 1, to);
            float[] w = new float[Math.max(0, to - from + 1)];
            double sum = 0;
            for (int k = from; k <= to; k++) {
                double f = stft.binHz(k);
                double v = f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre);
                w[k - from] = (float) Math.max(0, v);
                sum += w[k - from];
            }
            if (sum == 0 && stft.bin(centre) < stft.bins()) { // narrower than a bin: the nearest bin
                w = new float[] {1};
                from = stft.nearestBin(centre);
                sum = 1;
            }
            if (sum > 0) for (int i = 0; i < w.length; i++) w[i] /= (float) sum;
            // bins above Nyquist (only when not clamped) are silence: kept in the sum above, dropped here
            weights[b] = java.util.Arrays.copyOf(w, Math.max(0, Math.min(w.length, stft.bins() - from)));
            firstBin[b] = from;
        }
    }

    public int bands() {
        return weights.length;
    }

    /** The centre frequency of a band, in Hz. */
    public double centreHz(int band) {
        return edgeHz(band + 1);
    }

    /** The band's power: the weighted mean of {@code power}'s bins, each product in float, summed in double. */
    public double power(float[] power, int band) {
        float[] w = weights[band];
        int k0 = firstBin[band];
        double sum = 0;
        for (int i = 0; i < w.length; i++) sum += w[i] * power[k0 + i];
        return sum;
    }

    /** Edge e of bands + 2 evenly spaced mel edges: band b spans edges b to b + 2. */
    private double edgeHz(int edge) {
        return hz(loMel + (hiMel - loMel) * edge / (weights.length + 1));
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }
}

package mixer.evaluation.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded percentile bootstrap of a mean over <em>tracks</em>: each replicate draws as many tracks as
 * there are, with replacement, and takes the mean over all rows of the drawn tracks. Resampling
 * tracks rather than rows keeps examples of one track (which share their audio) together, so the
 * interval is not too narrow when a track has several examples.
 *
 * @param replicates how many resamples (2000 gives stable 2.5/97.5 percentiles)
 * @param seed       the same seed gives the same interval
 */
public record Bootstrap(int replicates, long seed) {

    public static final int DEFAULT_REPLICATES = 2000;
    public static final double LEVEL = 0.95;

    public Bootstrap {
        if (replicates < 100) {
            throw new IllegalArgumentException("bootstrap replicates = " + replicates + "; use at least 100 (default "
                    + DEFAULT_REPLICATES + ")");
        }
    }

    public static Bootstrap withSeed(long seed) {
        return new Bootstrap(DEFAULT_REPLICATES, seed);
    }

    /**
     * A bootstrap with the same replicates and a seed derived from this one and {@code stream}: separate
     * statistics get separate, fixed random streams. Models scored with the same seed draw the same
     * tracks, so their intervals are paired.
     */
    public Bootstrap derive(long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1); // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Bootstrap(replicates, z ^ (z >>> 31));
    }

    /** The 95 % interval of the mean of {@code values}; {@code trackIds[i]} is the track of row i. */
    public Estimate mean(double[] values, List<String> trackIds) {
        double[] ones = new double[values.length];
        Arrays.fill(ones, 1);
        return ratio(values, ones, trackIds); // the sum of a drawn track's ones is its row count: the mean, exactly
    }

    /**
     * The 95 % interval of sum(numerator) / sum(denominator) over the same rows (with a row's mean errors: the ratio of
     * two models' MAEs, paired: a drawn track's rows count in both); {@code trackIds[i]} is the track of row i. Draws
     * whose denominator sums to 0 have no ratio and are left out.
     */
    public Estimate ratio(double[] numerator, double[] denominator, List<String> trackIds) {
        if (numerator.length != trackIds.size() || denominator.length != trackIds.size()) {
            throw new IllegalArgumentException(numerator.length + " and " + denominator.length + " values but " + trackIds.size()
                    + " track ids");
        }
        if (numerator.length == 0) throw new IllegalArgumentException("no values to bootstrap");
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String t : trackIds) index.putIfAbsent(t, index.size());
        int tracks = index.size();
        double[] num = new double[tracks], den = new double[tracks];
        double totalNum = 0, totalDen = 0;
        for (int i = 0; i < numerator.length; i++) {
            int t = index.get(trackIds.get(i));
            num[t] += numerator[i];
            den[t] += denominator[i];
            totalNum += numerator[i];
            totalDen += denominator[i];
        }
        double point = totalNum / totalDen;
        // the seed is mixed with nothing else: the same data and seed give the same interval
        SplittableRandom rng = new SplittableRandom(seed);
        double[] ratios = new double[replicates];
        int defined = 0;
        for (int r = 0; r < replicates; r++) {
            double n = 0, d = 0;
            for (int k = 0; k < tracks; k++) {
                int t = rng.nextInt(tracks);
                n += num[t];
                d += den[t];
            }
            if (d != 0) ratios[defined++] = n / d; // a draw whose denominator is 0 has no ratio: left out
        }
        if (defined == 0) return new Estimate(point, Double.NaN, Double.NaN);
        ratios = Arrays.copyOf(ratios, defined);
        Arrays.sort(ratios);
        double alpha = (1 - LEVEL) / 2;
        return new Estimate(point, quantile(ratios, alpha), quantile(ratios, 1 - alpha));
    }

    /** Linear interpolation between order statistics (R's type 7) of sorted values. */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

package mixer.dsp.stages;

/**
 * The envelope and gain computer of {@link FeedbackCompressor}, shared by its forward and inverse
 * directions so they cannot drift apart: both ask {@link #gain()} (from the envelope of the OUTPUT up to
 * the previous sample), then {@link #push} the current output sample. Forward: y = x * g, push y.
 * Inverse: x = y / g, push y. Because g never depends on the current sample, the inverse is exact.
 */
final class FeedbackGainComputer {

    private static final int MANTISSA_BITS = 8;
    private static final int BUCKETS = 1 << MANTISSA_BITS;
    private static final long EXPONENT_MASK = 0x7ffL << 52;

    private final double thresholdLin;
    private final double minGain;
    private final double attackMs;
    private final double releaseMs;

    // (env / threshold)^k with k = 1 - ratio, from env = 2^E * m, m in [1, 2) (see gain()).
    private final int minExponent;         // E of the threshold: above it, E >= minExponent
    private final double[] byExponent;     // 2^(k E) * threshold^-k, for E = minExponent … 1024
    private final double[] byBucket;       // c_j^k, c_j the centre of mantissa bucket j
    private final double[] bucketInverse;  // 1 / c_j
    private final double c1, c2, c3;       // Taylor coefficients of (1 + u)^k

    private double attackCoef;
    private double releaseCoef;
    private double env;                    // peak envelope of max(|yL|, |yR|), linear

    FeedbackGainComputer(double ratio, double thresholdDb, double attackMs, double releaseMs,
                         double maxGainReductionDb) {
        double k = 1 - ratio;
        this.thresholdLin = StrictMath.pow(10, thresholdDb / 20);
        this.minGain = StrictMath.pow(10, -maxGainReductionDb / 20);
        this.attackMs = attackMs;
        this.releaseMs = releaseMs;
        // Tables from StrictMath, arithmetic in + - * / only: bit-identical output on every JVM and CPU
        // (Math.pow is an intrinsic that may differ), and a short per-sample dependency chain, which is
        // what the feedback loop waits on (about 1.6x faster than a log2/exp2 pair).
        minExponent = Math.getExponent(thresholdLin);
        byExponent = new double[1024 - minExponent + 1];
        for (int e = minExponent; e <= 1024; e++) {
            byExponent[e - minExponent] = StrictMath.pow(2, k * e) * StrictMath.pow(thresholdLin, -k);
        }
        byBucket = new double[BUCKETS];
        bucketInverse = new double[BUCKETS];
        for (int j = 0; j < BUCKETS; j++) {
            double centre = 1 + (j + 0.5) / BUCKETS;
            byBucket[j] = StrictMath.pow(centre, k);
            bucketInverse[j] = 1 / centre;
        }
        c1 = k;
        c2 = k * (k - 1) / 2;
        c3 = k * (k - 1) * (k - 2) / 6;
    }

    void prepare(double sampleRateHz) {
        attackCoef = StrictMath.exp(-1 / (attackMs / 1000 * sampleRateHz));
        releaseCoef = StrictMath.exp(-1 / (releaseMs / 1000 * sampleRateHz));
        env = 0;
    }

    void reset() {
        env = 0;
    }

    /**
     * The gain for the current sample: in dB, -min(range, (ratio - 1) * max(0, over)) with
     * over = 20 log10(env) - threshold, which in feedback form gives the static curve
     * Lin - T = ratio * (Lout - T). Computed as (env / threshold)^(1 - ratio) = 2^(kE) threshold^-k
     * * c_j^k * (1 + u)^k, u = m / c_j - 1, |u| < 2e-3, the last factor by its cubic Taylor polynomial:
     * relative error below 1e-8 for ratios up to 10 (6e-5, 0.0005 dB, at ratio 100).
     */
    double gain() {
        double e = env;
        if (e <= thresholdLin) return 1.0;
        long bits = Double.doubleToRawLongBits(e);
        int exponent = (int) (bits >>> 52) - 1023; // e > 0: no sign bit
        int j = (int) (bits >>> (52 - MANTISSA_BITS)) & (BUCKETS - 1);
        double m = Double.longBitsToDouble((bits & ~EXPONENT_MASK) | (1023L << 52));
        double u = m * bucketInverse[j] - 1;
        double p = (1 + c1 * u) + (u * u) * (c2 + c3 * u); // grouped for a short dependency chain
        double g = byExponent[exponent - minExponent] * byBucket[j] * p;
        return g < minGain ? minGain : g;
    }

    /** Feeds the (float) output sample of this frame into the peak follower. */
    void push(float outL, float outR) {
        double level = Math.max(Math.abs(outL), Math.abs(outR));
        double e = env;
        double coef = level > e ? attackCoef : releaseCoef;
        env = Require.flush(level + coef * (e - level));
    }

    /** The gain at the cap: {@link #gain()} returns exactly this there. */
    double minGain() {
        return minGain;
    }

    /** Sets the envelope (for tests of the gain curve). */
    void setEnvelope(double envelope) {
        env = envelope;
    }
}

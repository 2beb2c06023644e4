package mixer.dsp.stages;

/**
 * x^k for one fixed exponent k and any positive normal x, from tables and + - * / only: bit-identical on
 * every JVM and CPU (Math.pow is an intrinsic that may differ), and a short dependency chain, which is
 * what a feedback loop waits on (about 1.6x faster than a log2/exp2 pair). With x = 2^E m, m in [1, 2):
 * x^k = 2^(kE) * c_j^k * (1 + u)^k, c_j the centre of m's bucket j, u = m / c_j - 1, |u| < 2e-3, the
 * last factor by its cubic Taylor polynomial: relative error below 1e-8 for |k| up to 9 (6e-5 at 99).
 */
final class TablePower {

    private static final int MANTISSA_BITS = 8;
    private static final int BUCKETS = 1 << MANTISSA_BITS;
    private static final long EXPONENT_MASK = 0x7ffL << 52;
    private static final int MIN_EXPONENT = Double.MIN_EXPONENT; // -1022: normal numbers only

    private final double k;
    /**
     * 2^(k E), E = -1022 … 1023, and c_j^k: each filled at its first use (0 until then; the powers are positive), so
     * that a compressor made for one short example computes the few dozen it needs, not 2,300 (a tenth of the
     * time a training example took to make). A table belongs to one compressor, used by one thread at a time.
     */
    private final double[] byExponent;
    private final double[] byBucket;
    private final double[] bucketInverse; // 1 / c_j
    private final double c1, c2, c3;      // Taylor coefficients of (1 + u)^k

    TablePower(double k) {
        this.k = k;
        byExponent = new double[Double.MAX_EXPONENT - MIN_EXPONENT + 1];
        byBucket = new double[BUCKETS];
        bucketInverse = new double[BUCKETS];
        for (int j = 0; j < BUCKETS; j++) bucketInverse[j] = 1 / centre(j);
        c1 = k;
        c2 = k * (k - 1) / 2;
        c3 = k * (k - 1) * (k - 2) / 6;
    }

    private static double centre(int j) {
        return 1 + (j + 0.5) / BUCKETS;
    }

    /** x^k, for a positive, finite, normal x (callers keep it so). */
    double of(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int exponent = (int) (bits >>> 52) - 1023; // x > 0: no sign bit
        int j = (int) (bits >>> (52 - MANTISSA_BITS)) & (BUCKETS - 1);
        double m = Double.longBitsToDouble((bits & ~EXPONENT_MASK) | (1023L << 52));
        double u = m * bucketInverse[j] - 1;
        double p = (1 + c1 * u) + (u * u) * (c2 + c3 * u); // grouped for a short dependency chain
        double e = byExponent[exponent - MIN_EXPONENT];
        if (e == 0) e = byExponent[exponent - MIN_EXPONENT] = StrictMath.pow(2, k * exponent);
        double b = byBucket[j];
        if (b == 0) b = byBucket[j] = StrictMath.pow(centre(j), k);
        return e * b * p;
    }
}

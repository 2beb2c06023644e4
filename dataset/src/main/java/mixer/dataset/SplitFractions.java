package mixer.dataset;

import java.util.Locale;

/**
 * The share of a folder's tracks that goes to each split, for {@code mixer dataset build --splits} and
 * {@code --split}. Without it a build uses the default proportions of {@link SplitAssigner}.
 */
public record SplitFractions(double train, double test, double validation) {

    /** Slack on "sums to one", so that 0.33,0.33,0.34 or three decimals of a third pass. */
    static final double SUM_TOLERANCE = 0.002;

    public SplitFractions {
        for (double f : new double[] {train, test, validation}) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("split fractions must be between 0 and 1, got " + describe(train, test, validation));
            }
        }
        double sum = train + test + validation;
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("split fractions must sum to 1, got " + describe(train, test, validation)
                    + String.format(Locale.ROOT, " (sum %.3f)", sum));
        }
        train /= sum; // exactly one from here on
        test /= sum;
        validation /= sum;
    }

    /** Every track in one split (an evaluation-only dataset is {@code only(Split.TEST)}). */
    public static SplitFractions only(Split s) {
        return new SplitFractions(s == Split.TRAIN ? 1 : 0, s == Split.TEST ? 1 : 0, s == Split.VALIDATION ? 1 : 0);
    }

    /** {@code "0.6,0.35,0.05"}: train, test, validation. */
    public static SplitFractions parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + text + "': give three fractions train,test,validation that sum to 1, "
                    + "e.g. 0.6,0.35,0.05");
        }
        double[] f = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                f[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': '" + parts[i].trim() + "' is not a number; give three "
                        + "fractions train,test,validation that sum to 1, e.g. 0.6,0.35,0.05");
            }
        }
        return new SplitFractions(f[0], f[1], f[2]);
    }

    public double of(Split s) {
        return switch (s) {
            case TRAIN -> train;
            case TEST -> test;
            case VALIDATION -> validation;
        };
    }

    /** How many splits get tracks: a dataset needs at least this many. */
    public int splitsUsed() {
        int n = 0;
        for (Split s : Split.values()) if (of(s) > 0) n++;
        return n;
    }

    /**
     * Track counts {train, test, validation} for n tracks: rounded cumulatively (so they add up to n), and a
     * split with a share above zero gets at least one track, taken from the largest.
     */
    public int[] counts(int n) {
        if (n < splitsUsed()) {
            throw new IllegalArgumentException(n + " track(s) cannot fill the " + splitsUsed() + " splits of " + this);
        }
        int validation = (int) Math.round(n * this.validation);
        int validationAndTest = Math.min(n, (int) Math.round(n * (this.validation + this.test)));
        int[] c = {n - validationAndTest, validationAndTest - validation, validation};
        Split[] order = {Split.TRAIN, Split.TEST, Split.VALIDATION};
        for (int i = 0; i < 3; i++) {
            if (of(order[i]) > 0 && c[i] == 0) {
                int largest = c[0] >= c[1] && c[0] >= c[2] ? 0 : c[1] >= c[2] ? 1 : 2;
                c[largest]--;
                c[i]++;
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return describe(train, test, validation);
    }

    private static String describe(double train, double test, double validation) {
        return String.format(Locale.ROOT, "train %s / test %s / validation %s", num(train), num(test), num(validation));
    }

    private static String num(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4f", v)).stripTrailingZeros().toPlainString();
    }
}

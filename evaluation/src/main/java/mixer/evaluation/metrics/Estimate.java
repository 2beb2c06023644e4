package mixer.evaluation.metrics;

import java.util.Locale;

/** A point estimate with its bootstrap 95 % interval [low, high]. */
public record Estimate(double value, double low, double high) {

    /** "0.0412 [0.0371, 0.0455]" with the given number of decimals. */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", value, low, high);
    }

    public boolean contains(double x) {
        return x >= low && x <= high;
    }
}

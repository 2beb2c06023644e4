package mixer.evaluation.metrics;

import java.util.Locale;

/** A point estimate with its bootstrap 95 % interval [low, high]. */
public record Estimate(double value, double low, double high) {

    /**
     * "0.0412 [0.0371, 0.0455]" with the given number of decimals; "—" for an undefined value (NaN), the value alone when
     * its interval is undefined.
     */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        if (Double.isNaN(value)) return "—";
        if (Double.isNaN(low) || Double.isNaN(high)) return String.format(Locale.ROOT, f, value);
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", value, low, high);
    }
}

package mixer.dsp.params;

/** How a parameter's physical range maps onto the normalised [0, 1] range that models predict. */
public enum Scale {
    /** Equal steps in normalised space are equal steps in physical units. */
    LINEAR,
    /** Equal steps in normalised space are equal ratios in physical units (min must be positive). */
    LOG;

    double toPhysical(double normalized, double min, double max) {
        return switch (this) {
            case LINEAR -> min + normalized * (max - min);
            case LOG -> min * Math.pow(max / min, normalized);
        };
    }

    double toNormalized(double physical, double min, double max) {
        return switch (this) {
            case LINEAR -> (physical - min) / (max - min);
            case LOG -> Math.log(physical / min) / Math.log(max / min);
        };
    }
}

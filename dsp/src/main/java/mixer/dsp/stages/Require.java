package mixer.dsp.stages;

/** Argument checks shared by the stages; every message names the parameter and says what is allowed. */
final class Require {

    private Require() {
    }

    /** {@code value} must lie in {@code [min, max]}; {@code why} finishes the sentence. */
    static double inRange(String name, double value, double min, double max, String unit, String why) {
        if (!(value >= min && value <= max)) { // also rejects NaN
            throw new IllegalArgumentException(name + " = " + value + (unit.isEmpty() ? "" : " " + unit)
                    + " is outside " + min + " … " + max + (unit.isEmpty() ? "" : " " + unit) + "; " + why + ".");
        }
        return value;
    }

    /** {@code value} must be finite and strictly positive. */
    static double positive(String name, double value, String unit) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " = " + value + (unit.isEmpty() ? "" : " " + unit)
                    + " must be a finite number greater than 0.");
        }
        return value;
    }

    static void prepared(boolean prepared, Object stage) {
        if (!prepared) {
            throw new IllegalStateException(stage.getClass().getSimpleName()
                    + " was not prepared; call prepare(spec) before process().");
        }
    }

    /**
     * Flushes values below about -600 dBFS to zero. Decaying recursive state (filters, envelopes,
     * reverb loops) would otherwise sink into subnormal doubles in silence, which are ~100x slower
     * on x86, or stick there as a limit cycle. Applied per sample, so it cannot depend on block size.
     * One compare on |v| (not two on v): a branch on the sign of audio would be mispredicted half the time.
     */
    static double flush(double v) {
        return Math.abs(v) < 1e-30 ? 0.0 : v;
    }
}

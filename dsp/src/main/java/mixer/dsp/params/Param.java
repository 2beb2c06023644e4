package mixer.dsp.params;

import java.util.Arrays;
import java.util.List;

/**
 * The 10 settings of the mixing chain, in chain order. This enum is the one place that knows names,
 * units, ranges, scales and neutral values; models predict the normalised value in [0, 1] and every
 * conversion to physical units goes through {@link #toPhysical} and {@link #toNormalized}.
 */
public enum Param {
    INPUT_GAIN_DB("input_gain_db", "dB", -12, 12, Scale.LINEAR, 0, "gain before the compressor"),
    COMP_RATIO("comp_ratio", "ratio", 1, 10, Scale.LOG, 1,
            "stereo-linked feedback compressor, attack 10 ms, release 120 ms, at most 24 dB gain reduction; "
                    + "threshold -20 dBFS at a program level (0.5 s RMS) of -24 dBFS, following it 0.75 dB per dB, "
                    + "not below -32 dBFS"),
    HIGH_EQ_DB("high_eq_db", "dB", -12, 12, Scale.LINEAR, 0, "high shelf at 4 kHz (treble)"),
    MID_EQ_DB("mid_eq_db", "dB", -12, 12, Scale.LINEAR, 0, "peaking EQ at 1 kHz, Q 0.8"),
    LOW_EQ_DB("low_eq_db", "dB", -12, 12, Scale.LINEAR, 0, "low shelf at 120 Hz"),
    AIR_DB("air_db", "dB", -12, 12, Scale.LINEAR, 0, "high shelf at 12 kHz (presence/air)"),
    REVERB_SEND("reverb_send", "", 0, 0.6, Scale.LINEAR, 0, "reverb return level"),
    DELAY_SEND("delay_send", "", 0, 0.5, Scale.LINEAR, 0, "delay return level (250 ms, fixed feedback)"),
    STEREO_WIDTH("stereo_width", "", 0, 2, Scale.LINEAR, 1, "mid/side: side gain (0 mono, 1 unchanged)"),
    OUTPUT_LEVEL_DB("output_level_db", "dB", -12, 12, Scale.LINEAR, 0, "gain after everything");

    public static final int COUNT = values().length;
    private static final List<Param> ALL = List.of(values());

    /** Slack allowed when checking ranges, so values that went through a normalised round trip pass. */
    private static final double TOLERANCE = 1e-9;

    public final String id;
    public final String unit;
    public final double min;
    public final double max;
    public final Scale scale;
    public final double neutral;
    public final String description;

    Param(String id, String unit, double min, double max, Scale scale, double neutral, String description) {
        this.id = id;
        this.unit = unit;
        this.min = min;
        this.max = max;
        this.scale = scale;
        this.neutral = neutral;
        this.description = description;
    }

    public static List<Param> all() {
        return ALL;
    }

    /** The parameter with this snake_case name, or an error listing the valid names. */
    public static Param byId(String id) {
        for (Param p : ALL) {
            if (p.id.equals(id)) return p;
        }
        throw new IllegalArgumentException("unknown parameter '" + id + "'; the parameters are "
                + Arrays.stream(values()).map(p -> p.id).toList());
    }

    public double toPhysical(double normalized) {
        checkNormalized(normalized);
        return clamp(scale.toPhysical(normalized, min, max));
    }

    public double toNormalized(double physical) {
        checkPhysical(physical);
        return Math.min(1, Math.max(0, scale.toNormalized(physical, min, max)));
    }

    public double neutralNormalized() {
        return toNormalized(neutral);
    }

    public void checkPhysical(double physical) {
        if (!(physical >= min - TOLERANCE && physical <= max + TOLERANCE)) {
            throw new IllegalArgumentException(id + " = " + exact(physical) + " is outside its range " + range() + ".");
        }
    }

    public void checkNormalized(double normalized) {
        if (!(normalized >= -TOLERANCE && normalized <= 1 + TOLERANCE)) {
            throw new IllegalArgumentException(id + " = " + exact(normalized)
                    + " (normalised) is outside 0 … 1; normalised values are fractions of the range " + range() + ".");
        }
    }

    /** "-12 … 12 dB", "1 … 10": the physical range with its unit. */
    public String range() {
        return format(min) + " … " + format(max) + (unit.isEmpty() || unit.equals("ratio") ? "" : " " + unit);
    }

    /** "input_gain_db = -3.5 dB" style text, for tables and logs. */
    public String describe(double physical) {
        return id + " = " + format(physical) + (unit.isEmpty() || unit.equals("ratio") ? "" : " " + unit)
                + (unit.equals("ratio") ? ":1" : "");
    }

    /** {@code physical} brought within the parameter's range. */
    public double clamp(double physical) {
        return Math.min(max, Math.max(min, physical));
    }

    /** Every digit that tells the value apart: 12.0000001 is not shown as 12.0 next to a range ending at 12. */
    static String exact(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.valueOf((float) v);
    }
}

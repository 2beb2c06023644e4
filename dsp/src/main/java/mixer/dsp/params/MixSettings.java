package mixer.dsp.params;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * One value for each of the 10 parameters, held in physical units and validated on construction.
 * Immutable; {@link #normalized()} gives the model-space view.
 */
public final class MixSettings {

    private final double[] physical;

    private MixSettings(double[] physical) {
        if (physical.length != Param.COUNT) {
            throw new IllegalArgumentException("expected " + Param.COUNT + " parameter values, got " + physical.length);
        }
        this.physical = new double[Param.COUNT];
        for (Param p : Param.all()) {
            p.checkPhysical(physical[p.ordinal()]);
            // within the range exactly: the check admits rounding (0.1 * 6 as the reverb's 0.6), the stages do not
            this.physical[p.ordinal()] = p.clamp(physical[p.ordinal()]);
        }
    }

    /** Settings that leave the audio unchanged: 0 dB gains, ratio 1, no sends, width 1. */
    public static MixSettings neutral() {
        double[] v = new double[Param.COUNT];
        for (Param p : Param.all()) v[p.ordinal()] = p.neutral;
        return new MixSettings(v);
    }

    /** From physical values in {@link Param} order. */
    public static MixSettings ofPhysical(double... physical) {
        return new MixSettings(physical);
    }

    /** From normalised values in [0, 1], in {@link Param} order (what a model predicts). */
    public static MixSettings ofNormalized(double... normalized) {
        if (normalized.length != Param.COUNT) {
            throw new IllegalArgumentException("expected " + Param.COUNT + " normalised values, got " + normalized.length);
        }
        double[] v = new double[Param.COUNT];
        for (Param p : Param.all()) v[p.ordinal()] = p.toPhysical(normalized[p.ordinal()]);
        return new MixSettings(v);
    }

    public double get(Param p) {
        return physical[p.ordinal()];
    }

    public double normalized(Param p) {
        return p.toNormalized(physical[p.ordinal()]);
    }

    /** A copy with one parameter changed (physical units). */
    public MixSettings with(Param p, double physicalValue) {
        double[] v = physical.clone();
        v[p.ordinal()] = physicalValue;
        return new MixSettings(v);
    }

    public double[] physical() {
        return physical.clone();
    }

    public double[] normalized() {
        double[] n = new double[Param.COUNT];
        for (Param p : Param.all()) n[p.ordinal()] = normalized(p);
        return n;
    }

    /**
     * Blends toward the neutral settings in normalised space: amount 1 keeps these settings, 0 gives
     * neutral.
     */
    public MixSettings blendTowardNeutral(double amount) {
        if (!(amount >= 0 && amount <= 1)) {
            throw new IllegalArgumentException("amount " + amount + " is outside 0 … 1");
        }
        if (amount == 1) return this; // exactly: neutral + (x - neutral) and the log scale's round trip can move the last bit
        double[] n = new double[Param.COUNT];
        for (Param p : Param.all()) {
            n[p.ordinal()] = p.neutralNormalized() + amount * (normalized(p) - p.neutralNormalized());
        }
        return ofNormalized(n);
    }

    public Map<Param, Double> asMap() {
        Map<Param, Double> m = new EnumMap<>(Param.class);
        for (Param p : Param.all()) m.put(p, physical[p.ordinal()]);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MixSettings s && Arrays.equals(physical, s.physical);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(physical);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MixSettings[");
        for (Param p : Param.all()) {
            if (p.ordinal() > 0) sb.append(", ");
            sb.append(p.describe(physical[p.ordinal()]));
        }
        return sb.append(']').toString();
    }
}

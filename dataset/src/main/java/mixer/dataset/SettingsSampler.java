package mixer.dataset;

import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;

import java.util.SplittableRandom;

/**
 * Draws mix settings uniformly in normalised space. One exception, measured: stereo width is drawn
 * from [0.05, 2] instead of [0, 2], because width near 0 removes the side signal and cannot be
 * inverted (below 1e-3 the inverse refuses; just above it the side is boosted by up to 60 dB).
 */
public final class SettingsSampler {

    public static final double MIN_WIDTH = 0.05;

    private SettingsSampler() {
    }

    public static MixSettings draw(SplittableRandom rng) {
        double[] n = new double[Param.COUNT];
        for (Param p : Param.all()) n[p.ordinal()] = rng.nextDouble();
        double minWidthN = Param.STEREO_WIDTH.toNormalized(MIN_WIDTH);
        int w = Param.STEREO_WIDTH.ordinal();
        n[w] = minWidthN + n[w] * (1 - minWidthN);
        return MixSettings.ofNormalized(n);
    }

    /** The settings of one example: a pure function of its seed. */
    public static MixSettings forSeed(long seed) {
        return draw(new SplittableRandom(seed));
    }
}

package mixer.dataset.features;

/**
 * What a model hears: windows of {@code frames} log-mel frames (mid and side) plus the descriptor
 * vector of the same window. A song or a long example is cut into consecutive windows; a model's
 * prediction for it is the mean over its windows.
 */
public record FeatureConfig(LogMelConfig logMel, int frames) {

    /** 128 frames of 23 ms: about 3 s per window. */
    public static final FeatureConfig DEFAULT = new FeatureConfig(LogMelConfig.DEFAULT, 128);

    public FeatureConfig {
        if (frames < 1) throw new IllegalArgumentException("frames must be at least 1, got " + frames);
    }

    /** Samples one window spans at this rate. */
    public int windowSamples(int sampleRateHz) {
        return (frames - 1) * logMel.hopSamples(sampleRateHz) + logMel.fftSize();
    }

    public String key() {
        return logMel.key() + "-frames" + frames + "-desc" + Descriptors.size();
    }
}

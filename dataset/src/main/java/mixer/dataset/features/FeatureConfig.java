package mixer.dataset.features;

import java.util.List;

/**
 * What a model hears: windows of {@code frames} log-mel frames (mid and side) plus the descriptor
 * vector of the same window, computed as feature version {@code version} computes them. A song or a long
 * example is cut into windows; a model's prediction for it is the mean over its windows.
 *
 * <p>Versions, so that a model trained on one keeps hearing what it was trained on (a bundle stores its
 * config): 1, up to issue 13: the mel grid's top clamped to Nyquist (so a 32 kHz track had another grid)
 * and 21 descriptors; 2: one mel grid at every rate (bands above Nyquist read as silence) and the
 * descriptors of {@link Descriptors} version 2, which carry each stage's signature; 3: a match task's pair also
 * carries {@link PairSignatures} (a window alone is heard as in version 2).
 */
public record FeatureConfig(LogMelConfig logMel, int frames, int version) implements java.io.Serializable { // sent to a cluster's workers

    public static final int LATEST_VERSION = 3;

    /** 128 frames of 23 ms: about 3 s per window. */
    public static final FeatureConfig DEFAULT = new FeatureConfig(LogMelConfig.DEFAULT, 128);

    public FeatureConfig {
        if (frames < 1) throw new IllegalArgumentException("frames must be at least 1, got " + frames);
        requireVersion(version);
    }

    /** The latest version. */
    public FeatureConfig(LogMelConfig logMel, int frames) {
        this(logMel, frames, LATEST_VERSION);
    }

    static int requireVersion(int version) {
        if (version < 1 || version > LATEST_VERSION) {
            throw new IllegalArgumentException("feature version " + version + " is unknown; this mixer computes versions 1 to "
                    + LATEST_VERSION + (version > LATEST_VERSION ? " (update mixer to use a model of a newer one)" : ""));
        }
        return version;
    }

    /** Samples one window spans at this rate. */
    public int windowSamples(int sampleRateHz) {
        return (frames - 1) * logMel.hopSamples(sampleRateHz) + logMel.fftSize();
    }

    public List<String> descriptorNames() {
        return Descriptors.names(version);
    }

    public int descriptorCount() {
        return Descriptors.size(version);
    }

    /** A stable text key for caches and provenance (version 1's is what it was before versions existed). */
    public String key() {
        String v = version == 1 ? "" : "-v" + version;
        return logMel.key() + "-frames" + frames + v + "-desc" + descriptorCount();
    }
}

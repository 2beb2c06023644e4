package mixer.training.models;

/**
 * What a network sees: a log-mel window of {@code channels} x {@code bands} x {@code frames} (mid and side; a match
 * task's pair has six: input, reference, difference) and a descriptor vector.
 */
public record InputShape(int channels, int bands, int frames, int descriptors) {
    public InputShape {
        if (channels < 1 || bands < 1 || frames < 1 || descriptors < 1) {
            throw new IllegalArgumentException("input shape must be positive: channels " + channels + ", bands " + bands
                    + ", frames " + frames + ", descriptors " + descriptors);
        }
    }

    /** One piece of audio's window: mid and side. */
    public InputShape(int bands, int frames, int descriptors) {
        this(2, bands, frames, descriptors);
    }
}

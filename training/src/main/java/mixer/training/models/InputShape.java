package mixer.training.models;

/** What a network sees: a log-mel window of {@code bands} x {@code frames} per channel (mid, side) and a descriptor vector. */
public record InputShape(int bands, int frames, int descriptors) {
    public InputShape {
        if (bands < 1 || frames < 1 || descriptors < 1) {
            throw new IllegalArgumentException("input shape must be positive: bands " + bands + ", frames " + frames
                    + ", descriptors " + descriptors);
        }
    }
}

package mixer.dsp;

/**
 * What a processor needs to know before it runs: the sample rate of the stream. Audio is always
 * processed as stereo 32-bit float; mono sources are duplicated on reading.
 */
public record AudioSpec(int sampleRateHz) {
    public static final int CHANNELS = 2;

    public AudioSpec {
        if (sampleRateHz < 8_000 || sampleRateHz > 384_000) {
            throw new IllegalArgumentException(
                    "sample rate " + sampleRateHz + " Hz is outside the supported 8000 … 384000 Hz");
        }
    }

    public double nyquistHz() {
        return sampleRateHz / 2.0;
    }

    /** Samples in a duration, rounded to the nearest sample. */
    public int samples(double seconds) {
        return (int) Math.round(seconds * sampleRateHz);
    }
}

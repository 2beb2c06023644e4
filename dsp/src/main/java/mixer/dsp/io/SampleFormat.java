package mixer.dsp.io;

/** Sample encodings {@link AudioWriter} writes in a WAV file (little endian). */
public enum SampleFormat {
    /** 16-bit signed integer PCM: x * 2^15 clipped to [-32768, 32767], rounded to nearest (halves away from 0). No dither. */
    PCM_16(16, false),
    /** 24-bit signed integer PCM: x * 2^23 clipped to [-2^23, 2^23 - 1], rounded to nearest (halves away from 0). No dither. */
    PCM_24(24, false),
    /** 32-bit IEEE float, written as is (values beyond ±1 are kept). */
    FLOAT_32(32, true);

    private final int bitsPerSample;
    private final boolean floatingPoint;

    SampleFormat(int bitsPerSample, boolean floatingPoint) {
        this.bitsPerSample = bitsPerSample;
        this.floatingPoint = floatingPoint;
    }

    /**
     * The format that keeps a source's precision: float for float sources, 16-bit for a 16-bit (or
     * narrower) integer source, 24-bit otherwise (lossy sources, {@code bitsPerSample} 0, included).
     */
    public static SampleFormat keeping(boolean floatingPoint, int bitsPerSample) {
        if (floatingPoint) return FLOAT_32;
        return bitsPerSample > 0 && bitsPerSample <= 16 ? PCM_16 : PCM_24;
    }

    public int bitsPerSample() {
        return bitsPerSample;
    }

    public int bytesPerSample() {
        return bitsPerSample / 8;
    }

    public boolean floatingPoint() {
        return floatingPoint;
    }
}

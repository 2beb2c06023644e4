package mixer.dataset.features;

/**
 * How log-mel spectrograms are computed. Times are in seconds so that 44.1 and 48 kHz files give the
 * same time and frequency grid; the FFT size is fixed and long enough for the 120 Hz shelf.
 *
 * @param fftSize      samples per analysis window (Hann), a power of two
 * @param hopSeconds   time between frames
 * @param melBands     number of triangular mel bands
 * @param minHz        lower edge of the lowest band
 * @param maxHz        upper edge of the highest band; the 12 kHz air shelf needs it high. Feature version 1 clamps
 *                     it to Nyquist; later versions keep the grid and read the bands above Nyquist as silence
 * @param floorDb      power floor in dB, so silence gives a finite value
 */
public record LogMelConfig(int fftSize, double hopSeconds, int melBands, double minHz, double maxHz, double floorDb)
        implements java.io.Serializable {

    public static final LogMelConfig DEFAULT = new LogMelConfig(2048, 0.02322, 64, 30, 18_000, -100);

    public LogMelConfig {
        if (Integer.bitCount(fftSize) != 1 || fftSize < 64) {
            throw new IllegalArgumentException("fftSize " + fftSize + " must be a power of two >= 64");
        }
        if (!(hopSeconds > 0)) throw new IllegalArgumentException("hopSeconds must be positive, got " + hopSeconds);
        if (melBands < 2) throw new IllegalArgumentException("melBands must be at least 2, got " + melBands);
        if (!(minHz >= 0 && maxHz > minHz)) {
            throw new IllegalArgumentException("need 0 <= minHz < maxHz, got " + minHz + " … " + maxHz);
        }
    }

    public int hopSamples(int sampleRateHz) {
        return (int) Math.round(hopSeconds * sampleRateHz);
    }

    /** A stable text key for caches and provenance. */
    public String key() {
        return "logmel-fft" + fftSize + "-hop" + hopSeconds + "-mel" + melBands + "-" + minHz + "-" + maxHz + "-floor" + floorDb;
    }
}

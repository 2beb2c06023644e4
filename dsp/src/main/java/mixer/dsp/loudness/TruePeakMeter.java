package mixer.dsp.loudness;

import mixer.dsp.Audio;
import mixer.dsp.AudioSpec;

/**
 * True-peak meter after ITU-R BS.1770-4 Annex 2, streaming, stereo.
 *
 * <p>The signal is oversampled 4x below 96 kHz, 2x from 96 kHz to 192 kHz and not at all above, with
 * the polyphase interpolation filter printed in BS.1770-4 Annex 2 (48 taps, 4 phases of 12 taps; for
 * 2x the phases 0 and 2 of the same filter, which sit half a sample apart). The true peak is the
 * largest absolute value of the oversampled signal over both channels; the input samples themselves
 * are counted as well (none of the Annex 2 phases falls on them), so the true peak never reads below
 * the sample peak. Arithmetic is in {@code float}: the estimate is accurate to far better than the
 * filter's own ±0.1 dB pass-band ripple.
 *
 * <p>Two uses: {@link #accept} keeps the running maximum ({@link #truePeakDbtp()}), and
 * {@link #estimate} writes a per-frame estimate for a look-ahead limiter. The estimate for frame
 * {@code n} is the largest of |x[n]| and the interpolated values between frames n-6 and n-5 (their
 * computation uses frames n-11 … n, see {@link #SUPPORT_FRAMES}), over both channels. Neither method
 * allocates; results do not depend on how a stream is cut into blocks.
 */
public final class TruePeakMeter {

    /** Taps of each polyphase branch: the estimate at frame n depends on frames n-11 … n. */
    public static final int SUPPORT_FRAMES = 12;

    private static final int HISTORY = SUPPORT_FRAMES - 1;
    private static final int CHUNK = 1024;

    /** BS.1770-4 Annex 2, phase 0; phase 3 is phase 0 reversed (the 48-tap prototype is symmetric). */
    private static final float[] PHASE_0 = {
        0.0017089843750f, 0.0109863281250f, -0.0196533203125f, 0.0332031250000f,
        -0.0594482421875f, 0.1373291015625f, 0.9721679687500f, -0.1022949218750f,
        0.0476074218750f, -0.0266113281250f, 0.0148925781250f, -0.0083007812500f};
    /** BS.1770-4 Annex 2, phase 1; phase 2 is phase 1 reversed. */
    private static final float[] PHASE_1 = {
        -0.0291748046875f, 0.0292968750000f, -0.0517578125000f, 0.0891113281250f,
        -0.1665039062500f, 0.4650878906250f, 0.7797851562500f, -0.2003173828125f,
        0.1015625000000f, -0.0582275390625f, 0.0330810546875f, -0.0189208984375f};

    private final int sampleRateHz;
    private final int oversampling;
    /** The phases in use; tap j of a phase multiplies x[n - j]. */
    private final float[][] phases;
    /** Per channel: the last {@link #HISTORY} input frames, then the current chunk. */
    private final float[][] work = new float[AudioSpec.CHANNELS][HISTORY + CHUNK];
    /**
     * Per-frame peaks of the current chunk as the raw bits of non-negative floats, which order like
     * the floats: integer max is branchless (a float compare mispredicts on noisy signals).
     */
    private final int[] chunkBits = new int[CHUNK];
    private int maxPeakBits;

    public TruePeakMeter(int sampleRateHz) {
        new AudioSpec(sampleRateHz); // validates the rate
        this.sampleRateHz = sampleRateHz;
        this.oversampling = oversamplingFor(sampleRateHz);
        float[] phase2 = reversed(PHASE_1);
        float[] phase3 = reversed(PHASE_0);
        this.phases = switch (oversampling) {
            case 4 -> new float[][] {PHASE_0, PHASE_1, phase2, phase3};
            case 2 -> new float[][] {PHASE_0, phase2};
            default -> new float[0][];
        };
    }

    /** The oversampling factor BS.1770-4 asks for at a rate: 4 below 96 kHz, 2 up to 192 kHz, else 1. */
    public static int oversamplingFor(int sampleRateHz) {
        if (sampleRateHz < 96_000) return 4;
        if (sampleRateHz <= 192_000) return 2;
        return 1;
    }

    /** The true peak of a whole audio, in dBTP (-infinity for digital silence). */
    public static double measureDbtp(Audio audio) {
        TruePeakMeter meter = new TruePeakMeter(audio.sampleRateHz());
        meter.accept(audio.stereo(), 0, audio.frames());
        return meter.truePeakDbtp();
    }

    public int sampleRateHz() {
        return sampleRateHz;
    }

    public int oversampling() {
        return oversampling;
    }

    /** Feeds frames {@code [offset, offset + length)} and updates the running true peak. */
    public void accept(float[][] stereo, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, CHUNK);
            estimateChunk(stereo, offset, n);
            int m = maxPeakBits;
            for (int i = 0; i < n; i++) m = Math.max(m, chunkBits[i]);
            maxPeakBits = m;
            offset += n;
            length -= n;
        }
    }

    /**
     * Feeds frames {@code [offset, offset + length)} and writes the per-frame true-peak estimate
     * (linear, max over channels) to {@code peaks[peaksOffset …]}. It does not update
     * {@link #truePeak()}: a stream goes through either this method or {@link #accept}.
     */
    public void estimate(float[][] stereo, int offset, int length, float[] peaks, int peaksOffset) {
        while (length > 0) {
            int n = Math.min(length, CHUNK);
            estimateChunk(stereo, offset, n);
            for (int i = 0; i < n; i++) peaks[peaksOffset + i] = Float.intBitsToFloat(chunkBits[i]);
            offset += n;
            peaksOffset += n;
            length -= n;
        }
    }

    /** The largest true peak fed to {@link #accept} since the last reset, linear (1.0 = 0 dBTP). */
    public double truePeak() {
        return Float.intBitsToFloat(maxPeakBits);
    }

    /** {@link #truePeak()} in dBTP; -infinity after silence or before any input. */
    public double truePeakDbtp() {
        return 20 * Math.log10(truePeak());
    }

    /** Forgets the stream: history and running maximum. */
    public void reset() {
        for (float[] w : work) java.util.Arrays.fill(w, 0f);
        maxPeakBits = 0;
    }

    private void estimateChunk(float[][] stereo, int offset, int n) {
        final int[] bits = chunkBits;
        final float[] l = stereo[0];
        final float[] r = stereo[1];
        for (int i = 0; i < n; i++) { // sample peak over both channels
            bits[i] = Math.max(absBits(l[offset + i]), absBits(r[offset + i]));
        }
        for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
            float[] w = work[ch];
            System.arraycopy(stereo[ch], offset, w, HISTORY, n);
            for (float[] phase : phases) {
                interpolate(w, n, phase, bits);
            }
            System.arraycopy(w, n, w, 0, HISTORY); // keep the last frames for the next chunk
        }
    }

    /** The bits of |v|: for non-negative floats, integer order is float order. */
    private static int absBits(float v) {
        return Float.floatToRawIntBits(v) & 0x7fffffff;
    }

    /** bits[i] = max(bits[i], bits of |sum_j c[j] * x[n - j]|) with x[n] = w[i + 11]. */
    private static void interpolate(float[] w, int n, float[] c, int[] bits) {
        final float c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5];
        final float c6 = c[6], c7 = c[7], c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11];
        for (int i = 0; i < n; i++) {
            float y = c11 * w[i] + c10 * w[i + 1] + c9 * w[i + 2] + c8 * w[i + 3]
                    + c7 * w[i + 4] + c6 * w[i + 5] + c5 * w[i + 6] + c4 * w[i + 7]
                    + c3 * w[i + 8] + c2 * w[i + 9] + c1 * w[i + 10] + c0 * w[i + 11];
            bits[i] = Math.max(bits[i], absBits(y));
        }
    }

    private static float[] reversed(float[] c) {
        float[] r = new float[c.length];
        for (int i = 0; i < c.length; i++) r[i] = c[c.length - 1 - i];
        return r;
    }
}

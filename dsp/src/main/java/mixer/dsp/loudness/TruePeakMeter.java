package mixer.dsp.loudness;

import mixer.dsp.Audio;
import mixer.dsp.AudioSpec;

/**
 * True-peak meter after ITU-R BS.1770-4 Annex 2, streaming, stereo.
 *
 * <p>The signal is oversampled 4x below 96 kHz, 2x from 96 kHz to 192 kHz and not at all above, with a
 * polyphase interpolation filter (see {@link Interpolator}; the default is a 129-tap Kaiser-windowed
 * sinc, which reads like FFmpeg's ebur128 filter; the 48-tap example filter printed in Annex 2 is the
 * alternative). The true peak is the largest absolute value of the oversampled signal over both
 * channels; the input samples themselves always count, so the true peak never reads below the sample
 * peak. Arithmetic is in {@code float}.
 *
 * <p>Two uses: {@link #accept} keeps the running maximum ({@link #truePeakDbtp()}), and
 * {@link #estimate} writes a per-frame estimate for a look-ahead limiter: the estimate for frame
 * {@code n} is the largest absolute value, over both channels, of the oversampled points of one input
 * interval near frame n (and of one input sample); it is computed from frames
 * {@code n - supportFrames() + 1 … n} only. Every oversampled point is covered by some frame's
 * estimate. Neither method allocates; results do not depend on how a stream is cut into blocks.
 */
public final class TruePeakMeter {

    /** The interpolation filter. */
    public enum Interpolator {
        /**
         * The filter printed in ITU-R BS.1770-4 Annex 2: 48 taps, 4 phases of 12, none of which falls on
         * the input samples (the estimate adds |x[n]|); for 2x its phases 0 and 2. Its pass band ripples
         * by ±0.2 dB and it rolls off above 0.4 fs (-6 dB at fs/2), so it under-reads content near
         * Nyquist (full-band white noise by ~0.8 dB) and over-reads some peaks between 0.1 and 0.25 fs
         * by up to ~0.2 dB. Support 12 frames. Meets the EBU Tech 3341 true-peak tolerances.
         */
        BS1770(12),
        /**
         * A Kaiser-windowed sinc (β 9, cut-off at fs/2) of 4 x 32 + 1 = 129 taps: phase 0 is the input
         * sample itself, phases 1 … 3 have 32 taps each, every phase normalised to unity DC gain; for
         * 2x the sample and the midpoint. It reads like FFmpeg's ebur128 filter (whose resampler is of
         * the same kind) to within ~0.01 dB at 48 kHz, also near Nyquist. Support 32 frames, about
         * 1.6x the cost of {@link #BS1770} (its symmetry is exploited). The default.
         */
        SINC_129(32),
        /**
         * {@link #SINC_129}, and each local maximum of |y| among the 4x points refined by the vertex of
         * the parabola through it and its two neighbours. At 4x a band-limited signal moves at most
         * 1/8 cycle per point, so this estimates the continuous-time peak to within ~0.08 dB, where the
         * bare 4x grid can miss up to 0.69 dB near fs/2 (another meter's grid, e.g. FFmpeg's after it
         * resamples 44.1 kHz to 48 kHz, can find those). Reads at or above {@link #SINC_129}. 4x at every
         * rate, where BS.1770 asks only 2x from 96 kHz: the limiter's detector, whose ceiling a 2x grid let a
         * 96 kHz render pass by up to 1.1 dB (music through the limiter peaked at +0.04 dBTP at 96 kHz,
         * +0.18 at 192 kHz, against its -1 dBTP ceiling).
         */
        SINC_129_PARABOLIC(32);

        private final int supportFrames;

        Interpolator(int supportFrames) {
            this.supportFrames = supportFrames;
        }

        /** Frames an estimate depends on (the current one and the previous supportFrames - 1). */
        public int supportFrames() {
            return supportFrames;
        }
    }

    private static final int CHUNK_FRAMES = 1024;

    /** BS.1770-4 Annex 2, phase 0; phase 3 is phase 0 reversed (the 48-tap prototype is symmetric). */
    private static final float[] ITU_PHASE_0 = {
        0.0017089843750f, 0.0109863281250f, -0.0196533203125f, 0.0332031250000f,
        -0.0594482421875f, 0.1373291015625f, 0.9721679687500f, -0.1022949218750f,
        0.0476074218750f, -0.0266113281250f, 0.0148925781250f, -0.0083007812500f};
    /** BS.1770-4 Annex 2, phase 1; phase 2 is phase 1 reversed. */
    private static final float[] ITU_PHASE_1 = {
        -0.0291748046875f, 0.0292968750000f, -0.0517578125000f, 0.0891113281250f,
        -0.1665039062500f, 0.4650878906250f, 0.7797851562500f, -0.2003173828125f,
        0.1015625000000f, -0.0582275390625f, 0.0330810546875f, -0.0189208984375f};

    private static final int SINC_TAPS = 32;
    private static final int SINC_HALF = SINC_TAPS / 2;
    private static final double SINC_BETA = 9.0;
    /** Phase 2 (midpoint), symmetric: taps 0 … 15 of 32. */
    private static final float[] SINC_MID = new float[SINC_HALF];
    /** Phases 1 and 3 are mirror images: their even and odd parts, taps 0 … 15. */
    private static final float[] SINC_EVEN = new float[SINC_HALF];
    private static final float[] SINC_ODD = new float[SINC_HALF];

    static {
        double[][] phase = new double[4][SINC_TAPS];
        int length = 4 * SINC_TAPS + 1;
        double centre = (length - 1) / 2.0;
        for (int k = 1; k <= 3; k++) {
            double sum = 0;
            for (int j = 0; j < SINC_TAPS; j++) {
                double m = k + 4.0 * j - centre; // tap k + 4j multiplies x[n - j]
                double t = m / centre;
                double v = sinc(m / 4) * besselI0(SINC_BETA * Math.sqrt(Math.max(0, 1 - t * t)))
                        / besselI0(SINC_BETA);
                phase[k][j] = v;
                sum += v;
            }
            for (int j = 0; j < SINC_TAPS; j++) phase[k][j] /= sum;
        }
        for (int j = 0; j < SINC_HALF; j++) {
            SINC_MID[j] = (float) phase[2][j];
            SINC_EVEN[j] = (float) ((phase[1][j] + phase[1][SINC_TAPS - 1 - j]) / 2);
            SINC_ODD[j] = (float) ((phase[1][j] - phase[1][SINC_TAPS - 1 - j]) / 2);
        }
    }

    /** The largest sum of |taps| over the phases: no interpolated point exceeds it times max |x|. */
    private static final float ITU_GAIN_BOUND = tapBound(ITU_PHASE_0, ITU_PHASE_1);
    private static final float SINC_GAIN_BOUND;

    static {
        float[] p1 = new float[SINC_TAPS], p2 = new float[SINC_TAPS];
        for (int j = 0; j < SINC_HALF; j++) {
            p1[j] = SINC_EVEN[j] + SINC_ODD[j];
            p1[SINC_TAPS - 1 - j] = SINC_EVEN[j] - SINC_ODD[j];
            p2[j] = SINC_MID[j];
            p2[SINC_TAPS - 1 - j] = SINC_MID[j];
        }
        SINC_GAIN_BOUND = tapBound(p1, p2);
    }

    private final int sampleRateHz;
    private final int oversampling;
    private final Interpolator interpolator;
    private final int history;
    /** BS.1770 phases in use; tap j of a phase multiplies x[n - j]. */
    private final float[][] ituPhases;
    /** Per channel: the last {@code history} input frames, then the current chunk. */
    private final float[][] work;
    /**
     * Per-frame peaks of the current chunk as the raw bits of non-negative floats, which order like
     * the floats: integer max is branchless (a float compare mispredicts on noisy signals).
     */
    private final int[] chunkBits = new int[CHUNK_FRAMES];
    private int maxPeakBits;
    /** {@link Interpolator#SINC_129_PARABOLIC}: the last 4x point of the previous frame, per channel. */
    private final float[] lastPoint = new float[AudioSpec.CHANNELS];
    /** Windowed sinc: per channel, the points q1, q2, q3 of the chunk's frames (2x: the midpoints). */
    private final float[][][] points;
    /** Windowed sinc: the chunk shifted by 0 … 31 frames (see {@link #sincQuarterPoints}). */
    private final float[][] rows;

    /** A meter with the default interpolator, {@link Interpolator#SINC_129}. */
    public TruePeakMeter(int sampleRateHz) {
        this(sampleRateHz, Interpolator.SINC_129);
    }

    public TruePeakMeter(int sampleRateHz, Interpolator interpolator) {
        new AudioSpec(sampleRateHz); // validates the rate
        this.sampleRateHz = sampleRateHz;
        // the limiter's detector estimates the continuous-time peak: 4x and the parabola at every rate
        this.oversampling = interpolator == Interpolator.SINC_129_PARABOLIC ? 4 : oversamplingFor(sampleRateHz);
        this.interpolator = interpolator;
        this.history = interpolator.supportFrames() - 1;
        this.work = new float[AudioSpec.CHANNELS][history + CHUNK_FRAMES];
        boolean sinc = interpolator != Interpolator.BS1770 && oversampling > 1;
        this.points = new float[AudioSpec.CHANNELS][sinc ? 3 : 0][CHUNK_FRAMES];
        this.rows = new float[sinc ? SINC_TAPS : 0][CHUNK_FRAMES];
        float[] phase2 = reversed(ITU_PHASE_1);
        float[] phase3 = reversed(ITU_PHASE_0);
        this.ituPhases = interpolator != Interpolator.BS1770 ? new float[0][] : switch (oversampling) {
            case 4 -> new float[][] {ITU_PHASE_0, ITU_PHASE_1, phase2, phase3};
            case 2 -> new float[][] {ITU_PHASE_0, phase2};
            default -> new float[0][];
        };
    }

    /** The oversampling factor BS.1770-4 asks for at a rate: 4 below 96 kHz, 2 up to 192 kHz, else 1. */
    public static int oversamplingFor(int sampleRateHz) {
        if (sampleRateHz < 96_000) return 4;
        if (sampleRateHz <= 192_000) return 2;
        return 1;
    }

    /** The true peak of a whole audio (default interpolator), in dBTP (-infinity for digital silence). */
    public static double measureDbtp(Audio audio) {
        return measureDbtp(audio, Interpolator.SINC_129);
    }

    /** The true peak of a whole audio with the given interpolator, in dBTP. */
    public static double measureDbtp(Audio audio, Interpolator interpolator) {
        TruePeakMeter meter = new TruePeakMeter(audio.sampleRateHz(), interpolator);
        meter.accept(audio.stereo(), 0, audio.frames());
        return meter.truePeakDbtp();
    }

    public int sampleRateHz() {
        return sampleRateHz;
    }

    public int oversampling() {
        return oversampling;
    }

    public Interpolator interpolator() {
        return interpolator;
    }

    /** Frames an estimate depends on: frame n's uses frames n - supportFrames() + 1 … n. */
    public int supportFrames() {
        return interpolator.supportFrames();
    }

    /** Feeds frames {@code [offset, offset + length)} and updates the running true peak. */
    public void accept(float[][] stereo, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, CHUNK_FRAMES);
            estimateChunk(stereo, offset, n, Float.intBitsToFloat(maxPeakBits)); // lower frames can't count
            int m = maxPeakBits;
            for (int i = 0; i < n; i++) m = Math.max(m, chunkBits[i]);
            maxPeakBits = m;
            offset += n;
            length -= n;
        }
    }

    /**
     * Feeds frames {@code [offset, offset + length)} and writes the per-frame true-peak estimate
     * (linear, max over channels) to {@code peaks[peaksOffset …]}. It advances the stream like
     * {@link #accept} but leaves {@link #truePeak()} alone.
     */
    public void estimate(float[][] stereo, int offset, int length, float[] peaks, int peaksOffset) {
        estimate(stereo, offset, length, peaks, peaksOffset, 0f);
    }

    /**
     * As {@link #estimate(float[][], int, int, float[], int)}, for a caller that only needs estimates
     * at or above {@code floor} (a limiter's target): an estimate below the floor may be reported as any
     * value below the floor ({@link Interpolator#SINC_129_PARABOLIC} then skips the refinement of frames
     * that cannot reach it, which saves most of its cost on material below the floor).
     */
    public void estimate(float[][] stereo, int offset, int length, float[] peaks, int peaksOffset, float floor) {
        while (length > 0) {
            int n = Math.min(length, CHUNK_FRAMES);
            estimateChunk(stereo, offset, n, floor);
            for (int i = 0; i < n; i++) peaks[peaksOffset + i] = Float.intBitsToFloat(chunkBits[i]);
            offset += n;
            peaksOffset += n;
            length -= n;
        }
    }

    /**
     * The largest true peak fed to {@link #accept} since the last reset, linear (1.0 = 0 dBTP), the stream read as
     * ending here: its last frames, which the interpolator has not yet passed (it reads frame n - 15 with the
     * windowed sinc), count as if silence followed. The stream itself goes on as if nothing had been asked.
     */
    public double truePeak() {
        return Float.intBitsToFloat(Math.max(maxPeakBits, tailBits()));
    }

    /** The peak bits of the stream's end: {@link #supportFrames()} frames of silence run through a copy of the state. */
    private int tailBits() {
        float[][] savedWork = new float[work.length][];
        for (int ch = 0; ch < work.length; ch++) savedWork[ch] = work[ch].clone();
        float[] savedLastPoint = lastPoint.clone();
        int n = supportFrames();
        estimateChunk(new float[AudioSpec.CHANNELS][n], 0, n, Float.intBitsToFloat(maxPeakBits));
        int m = 0;
        for (int i = 0; i < n; i++) m = Math.max(m, chunkBits[i]);
        for (int ch = 0; ch < work.length; ch++) System.arraycopy(savedWork[ch], 0, work[ch], 0, work[ch].length);
        System.arraycopy(savedLastPoint, 0, lastPoint, 0, lastPoint.length);
        return m;
    }

    /** {@link #truePeak()} in dBTP; -infinity after silence or before any input. */
    public double truePeakDbtp() {
        return 20 * Math.log10(truePeak());
    }

    /** Forgets the stream: history and running maximum. */
    public void reset() {
        for (float[] w : work) java.util.Arrays.fill(w, 0f);
        java.util.Arrays.fill(lastPoint, 0f);
        maxPeakBits = 0;
    }

    private void estimateChunk(float[][] stereo, int offset, int n, float floor) {
        final int[] bits = chunkBits;
        java.util.Arrays.fill(bits, 0, n, 0);
        boolean refine = oversampling == 4 && interpolator == Interpolator.SINC_129_PARABOLIC;
        int maxBits = 0;
        for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
            float[] w = work[ch];
            System.arraycopy(stereo[ch], offset, w, history, n);
            for (int i = 0; i < history + n; i++) maxBits = Math.max(maxBits, absBits(w[i]));
        }
        float gainBound = oversampling == 1 ? 1f
                : (interpolator == Interpolator.BS1770 ? ITU_GAIN_BOUND : SINC_GAIN_BOUND) * (refine ? 1.25f : 1f);
        if (Float.intBitsToFloat(maxBits) * gainBound < floor) {
            // no point of this chunk can reach the floor: report the sample peaks, which are below it
            for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
                float[] w = work[ch];
                samples(w, n, history, bits);
                if (refine) lastPoint[ch] = lastQuarter(w, n);
                System.arraycopy(w, n, w, 0, history);
            }
            return;
        }
        for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
            float[] w = work[ch];
            if (interpolator == Interpolator.BS1770) {
                samples(w, n, history, bits); // x[n]
                for (float[] phase : ituPhases) ituPhase(w, n, phase, bits);
            } else {
                samples(w, n, SINC_HALF, bits); // x[n - 15], the end of the interval phases 1-3 fill
                if (oversampling == 4) {
                    sincQuarterPoints(w, n, bits, points[ch], rows);
                } else if (oversampling == 2) {
                    sincMidpoint(w, n, bits, points[ch][0], rows);
                }
            }
        }
        if (refine) {
            // a refined peak is at most 1.25 times the largest of its three points (see vertex)
            int from = absBits(floor / 1.25f);
            for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
                lastPoint[ch] = refine(work[ch], n, bits, points[ch], lastPoint[ch], from);
            }
        }
        for (float[] w : work) System.arraycopy(w, n, w, 0, history); // keep the last frames
    }

    /** The bits of |v|: for non-negative floats, integer order is float order. */
    private static int absBits(float v) {
        return Float.floatToRawIntBits(v) & 0x7fffffff;
    }

    /** bits[i] = max(bits[i], |w[i + at]|). */
    private static void samples(float[] w, int n, int at, int[] bits) {
        for (int i = 0; i < n; i++) bits[i] = Math.max(bits[i], absBits(w[i + at]));
    }

    /** bits[i] = max(bits[i], |sum_j c[j] * x[n - j]|) with x[n] = w[i + 11]. */
    private static void ituPhase(float[] w, int n, float[] c, int[] bits) {
        final float c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5];
        final float c6 = c[6], c7 = c[7], c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11];
        for (int i = 0; i < n; i++) {
            float y = c11 * w[i] + c10 * w[i + 1] + c9 * w[i + 2] + c8 * w[i + 3]
                    + c7 * w[i + 4] + c6 * w[i + 5] + c5 * w[i + 6] + c4 * w[i + 7]
                    + c3 * w[i + 8] + c2 * w[i + 9] + c1 * w[i + 10] + c0 * w[i + 11];
            bits[i] = Math.max(bits[i], absBits(y));
        }
    }

    /**
     * The three interpolated quarter points q1, q2, q3 of the windowed sinc for each frame of the chunk
     * (x[n] = w[i + 31]) into {@code points}, and their magnitudes into {@code bits}. Pairs of taps
     * j and 31 - j share coefficients: a = x[n-j] + x[n-31+j], b = x[n-j] - x[n-31+j];
     * q2 = sum mid_j a; q1, q3 = sum even_j a ± sum odd_j b, each sum in order of j from 0.
     *
     * <p>Taps outside, frames inside: each tap is one pass of independent multiply-adds over the chunk,
     * which the JIT vectorises, where one frame at a time is a serial chain of additions (~3x slower,
     * same bits: every sum has the same operations in the same order). The vectoriser only packs
     * accesses at one common offset from the loop index, so the passes read {@code rows}, row k holding
     * the chunk shifted by k (x[n - 31 + k]), filled by 32 block copies.
     */
    private static void sincQuarterPoints(float[] w, int n, int[] bits, float[][] points, float[][] rows) {
        for (int k = 0; k < SINC_TAPS; k++) System.arraycopy(w, k, rows[k], 0, n);
        final float[] p1 = points[0], p2 = points[1], p3 = points[2]; // se, sm, so until the last pass
        final int last = SINC_TAPS - 1;
        {
            final float[] newer = rows[last], older = rows[0];
            final float cm = SINC_MID[0], ce = SINC_EVEN[0], co = SINC_ODD[0];
            for (int i = 0; i < n; i++) {
                float a = newer[i] + older[i];
                float b = newer[i] - older[i];
                p2[i] = 0f + cm * a; // 0f + : the same operations as a sum started at zero
                p1[i] = 0f + ce * a;
                p3[i] = 0f + co * b;
            }
        }
        for (int j = 1; j < SINC_HALF; j++) {
            final float[] newer = rows[last - j], older = rows[j];
            final float cm = SINC_MID[j], ce = SINC_EVEN[j], co = SINC_ODD[j];
            for (int i = 0; i < n; i++) {
                float a = newer[i] + older[i];
                float b = newer[i] - older[i];
                p2[i] += cm * a;
                p1[i] += ce * a;
                p3[i] += co * b;
            }
        }
        for (int i = 0; i < n; i++) {
            float se = p1[i], so = p3[i];
            float q1 = se + so; // x(n - 15.75)
            float q3 = se - so; // x(n - 15.25)
            p1[i] = q1;
            p3[i] = q3;
            bits[i] = Math.max(bits[i], Math.max(absBits(p2[i]), Math.max(absBits(q1), absBits(q3))));
        }
    }

    /**
     * Parabolic refinement. The 4x points of frame n, in time order: x[n-16], q1, q2, q3, x[n-15];
     * each of x[n-16], q1, q2, q3 is refined with its two neighbours (for x[n-16] the left one is the
     * previous frame's q3, {@code previous}). Frames whose points are all below {@code fromBits} are
     * left as they are. Returns the chunk's last q3.
     */
    private static float refine(float[] w, int n, int[] bits, float[][] points, float previous, int fromBits) {
        final float[] p1 = points[0], p2 = points[1], p3 = points[2];
        float q0 = previous;
        for (int i = 0; i < n; i++) {
            float q1 = p1[i], q2 = p2[i], q3 = p3[i];
            float x0 = w[i + SINC_HALF - 1]; // x[n - 16]
            if (bits[i] >= fromBits || absBits(x0) >= fromBits || absBits(q0) >= fromBits) {
                float x1 = w[i + SINC_HALF]; // x[n - 15]
                int m0 = absBits(q0), m1 = absBits(x0), m2 = absBits(q1);
                int m3 = absBits(q2), m4 = absBits(q3), m5 = absBits(x1);
                int m = Math.max(bits[i], m1); // bits[i] holds |q1|, |q2|, |q3|, |x[n - 15]|
                // a vertex only adds where its centre is the largest of three: a local maximum of |y|
                if (m1 >= m0 && m1 >= m2) m = Math.max(m, absBits(vertex(q0, x0, q1)));
                if (m2 >= m1 && m2 >= m3) m = Math.max(m, absBits(vertex(x0, q1, q2)));
                if (m3 >= m2 && m3 >= m4) m = Math.max(m, absBits(vertex(q1, q2, q3)));
                if (m4 >= m3 && m4 >= m5) m = Math.max(m, absBits(vertex(q2, q3, x1)));
                bits[i] = m;
            }
            q0 = q3;
        }
        return q0;
    }

    /**
     * |b|, or where |b| is the largest of |a|, |b|, |c|, the magnitude of the vertex of the parabola
     * through (-1, a), (0, b), (1, c): |b| + (a - c)^2 / (8 |a - 2b + c|). Then |a - c| <= |a - 2b + c|,
     * so the correction is at most |a - c| / 8 <= |b| / 4: the result is at most 1.25 |b|. Branchless
     * (the condition is unpredictable on noise): the correction is computed always and masked off.
     */
    private static float vertex(float a, float b, float c) {
        int mb = absBits(b);
        int notLargest = ((mb - absBits(a)) | (mb - absBits(c))) >> 31; // -1 if |b| < |a| or |c|
        float e = a - c;
        float r = e * e / (8f * Math.abs(a - 2f * b + c) + 1e-30f);
        return Float.intBitsToFloat(mb) + Float.intBitsToFloat(Float.floatToRawIntBits(r) & ~notLargest);
    }

    /** q3 of the chunk's last frame (x(n - 15.25) for n = the last frame). */
    private static float lastQuarter(float[] w, int n) {
        int i = n - 1;
        final int last = SINC_TAPS - 1;
        float se = 0f, so = 0f;
        for (int j = 0; j < SINC_HALF; j++) { // same operations, in the same order, as the full kernel
            float newer = w[i + last - j];
            float older = w[i + j];
            se += SINC_EVEN[j] * (newer + older);
            so += SINC_ODD[j] * (newer - older);
        }
        return se - so;
    }

    /** The windowed sinc's midpoint only (2x oversampling), as {@link #sincQuarterPoints} does q2. */
    private static void sincMidpoint(float[] w, int n, int[] bits, float[] mid, float[][] rows) {
        for (int k = 0; k < SINC_TAPS; k++) System.arraycopy(w, k, rows[k], 0, n);
        final int last = SINC_TAPS - 1;
        {
            final float[] newer = rows[last], older = rows[0];
            final float cm = SINC_MID[0];
            for (int i = 0; i < n; i++) mid[i] = 0f + cm * (newer[i] + older[i]);
        }
        for (int j = 1; j < SINC_HALF; j++) {
            final float[] newer = rows[last - j], older = rows[j];
            final float cm = SINC_MID[j];
            for (int i = 0; i < n; i++) mid[i] += cm * (newer[i] + older[i]);
        }
        for (int i = 0; i < n; i++) bits[i] = Math.max(bits[i], absBits(mid[i]));
    }

    private static float tapBound(float[]... phases) {
        double bound = 0;
        for (float[] phase : phases) {
            double sum = 0;
            for (float c : phase) sum += Math.abs(c);
            bound = Math.max(bound, sum);
        }
        return (float) (bound * 1.001); // room for float rounding
    }

    private static float[] reversed(float[] c) {
        float[] r = new float[c.length];
        for (int i = 0; i < c.length; i++) r[i] = c[c.length - 1 - i];
        return r;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    /** The modified Bessel function of the first kind, order 0 (power series). */
    private static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }
}

package mixer.dsp.limiter;

import java.util.Arrays;
import mixer.dsp.AudioSpec;
import mixer.dsp.Processor;
import mixer.dsp.loudness.TruePeakMeter;

/**
 * The chain's safety stage: a look-ahead true-peak limiter, stereo-linked.
 *
 * <p>Detection is the per-frame true-peak estimate of {@link TruePeakMeter} with
 * {@link TruePeakMeter.Interpolator#SINC_129_PARABOLIC}: 4x oversampled at every rate with a 129-tap
 * windowed sinc, each local maximum refined by a parabola, so that it holds the continuous-time peak
 * and not only one 4x grid (FFmpeg, for instance, measures 44.1 kHz audio on the grid of its 48 kHz
 * resampling). From it, the required gain r[n] = min(1, target / peak[n]) with the target
 * {@value #DEFAULT_MARGIN_DB} dB below the ceiling (the margin absorbs the gain's own variation across
 * the interpolation filter, and rounding). With S = 32 the detector's support in frames and A the
 * attack in frames, the gain is:
 * <ol>
 *   <li>the sliding minimum of r over W = A + S - 1 frames (the attack/look-ahead plus the support of
 *       the interpolation filter),</li>
 *   <li>a release: after the minimum rises, the gain reduction decays exponentially with the release
 *       time constant (never below what step 1 asks for), and snaps to none below 1e-5 (-0.0001 dB),
 *       some 11.5 time constants after a full reduction,</li>
 *   <li>a moving average over A frames (shorter than W), which turns the steps into ramps.</li>
 * </ol>
 * The input is delayed by D = A + S - 2 frames, so that every gain that touches a peak (through the
 * interpolation filter too) is at most the gain that peak requires: the attack is complete when the
 * peak arrives. Output = input delayed by {@link #latencyFrames()} times the gain. Below the ceiling
 * the gain is exactly 1 (the output is the delayed input, bit for bit). Defaults: ceiling -1 dBTP,
 * attack 2 ms (latency 118 frames, 2.7 ms, at 44.1 kHz), release 80 ms.
 *
 * <p>Gain reduction is held as a 30-bit fixed-point integer (resolution 1e-9), so the moving sum is
 * exact: the output is bit-identical for any block size and returns to exactly unity after a
 * reduction. No allocation after {@link #prepare}. Where a chunk cannot reach the target (its samples
 * times the filter's tap-gain bound stay below it) interpolation is skipped: a quiet stream costs
 * a few ns per frame.
 */
public final class TruePeakLimiter implements Processor {

    public static final double DEFAULT_CEILING_DBTP = -1.0;
    public static final double DEFAULT_ATTACK_MS = 2.0;
    public static final double DEFAULT_RELEASE_MS = 80.0;
    /** The internal target sits this far below the ceiling. */
    public static final double DEFAULT_MARGIN_DB = 0.1;

    private static final int FRACTION_BITS = 30;
    private static final double ONE = 1 << FRACTION_BITS;
    private static final int CHUNK_FRAMES = 1024;
    /** A released reduction below this (1e-5, -0.0001 dB) snaps to none: the gain returns to exactly 1. */
    private static final int RELEASE_FLOOR = (int) (1e-5 * ONE);

    private final double ceilingDbtp;
    private final double attackMs;
    private final double releaseMs;
    private final float targetLinear; // the ceiling less the margin, as a linear peak

    // prepared state
    private AudioSpec spec;
    private TruePeakMeter detector;
    private int attackFrames;     // A: moving-average length
    private int windowFrames;     // W: sliding-minimum window
    private int delayFrames;      // D: latency
    private long releaseKeep;     // decay multiplier per frame, 32-bit fraction
    private double gainPerUnit;   // 1 / (A * 2^30)
    private final float[] peaks = new float[CHUNK_FRAMES];

    private float[][] delay;      // per channel ring of D frames
    private int delayPos;
    private int[] dequeValue;     // monotonic deque of (reduction, frame), decreasing reduction
    private long[] dequeFrame;
    private int dequeHead;
    private int dequeSize;
    private long frame;
    private int held;             // reduction after the release
    private int[] average;        // ring of the last A held reductions
    private int averagePos;
    private long averageSum;

    /** Ceiling -1 dBTP, attack/look-ahead 2 ms, release 80 ms. */
    public TruePeakLimiter() {
        this(DEFAULT_CEILING_DBTP);
    }

    public TruePeakLimiter(double ceilingDbtp) {
        this(ceilingDbtp, DEFAULT_ATTACK_MS, DEFAULT_RELEASE_MS);
    }

    /**
     * @param ceilingDbtp the largest true peak of the output, dBTP (-20 … 0)
     * @param attackMs    the attack ramp, which is also most of the look-ahead, ms (0.1 … 20)
     * @param releaseMs   the release time constant, ms (1 … 2000)
     */
    public TruePeakLimiter(double ceilingDbtp, double attackMs, double releaseMs) {
        if (!(ceilingDbtp >= -20 && ceilingDbtp <= 0)) {
            throw new IllegalArgumentException("ceiling_dbtp " + ceilingDbtp + " must be between -20 and 0 dBTP");
        }
        if (!(attackMs >= 0.1 && attackMs <= 20)) {
            throw new IllegalArgumentException("attack_ms " + attackMs + " must be between 0.1 and 20 ms");
        }
        if (!(releaseMs >= 1 && releaseMs <= 2000)) {
            throw new IllegalArgumentException("release_ms " + releaseMs + " must be between 1 and 2000 ms");
        }
        this.ceilingDbtp = ceilingDbtp;
        this.attackMs = attackMs;
        this.releaseMs = releaseMs;
        this.targetLinear = (float) Math.pow(10, (ceilingDbtp - DEFAULT_MARGIN_DB) / 20);
    }

    public double ceilingDbtp() {
        return ceilingDbtp;
    }

    @Override
    public void prepare(AudioSpec spec) {
        this.spec = spec;
        detector = new TruePeakMeter(spec.sampleRateHz(), TruePeakMeter.Interpolator.SINC_129_PARABOLIC);
        attackFrames = Math.max(1, spec.samples(attackMs / 1000));
        int support = detector.supportFrames();
        windowFrames = attackFrames + support - 1;
        delayFrames = attackFrames + support - 2;
        double keep = Math.exp(-1.0 / (releaseMs / 1000 * spec.sampleRateHz()));
        releaseKeep = (long) Math.floor(keep * 4294967296.0);
        gainPerUnit = 1.0 / (attackFrames * ONE);
        delay = new float[AudioSpec.CHANNELS][delayFrames];
        int capacity = Integer.highestOneBit(windowFrames) * 2; // a power of two > W
        dequeValue = new int[capacity];
        dequeFrame = new long[capacity];
        average = new int[attackFrames];
        reset();
    }

    @Override
    public void reset() {
        requirePrepared();
        detector.reset();
        for (float[] d : delay) Arrays.fill(d, 0f);
        delayPos = 0;
        dequeHead = 0;
        dequeSize = 0;
        frame = 0;
        held = 0;
        Arrays.fill(average, 0);
        averagePos = 0;
        averageSum = 0;
    }

    @Override
    public int latencyFrames() {
        requirePrepared();
        return delayFrames;
    }

    @Override
    public void process(float[][] stereo, int offset, int length) {
        requirePrepared();
        while (length > 0) {
            int n = Math.min(length, CHUNK_FRAMES);
            processChunk(stereo, offset, n);
            offset += n;
            length -= n;
        }
    }

    private void processChunk(float[][] stereo, int offset, int n) {
        detector.estimate(stereo, offset, n, peaks, 0, targetLinear); // only peaks above the target matter
        final float[] left = stereo[0];
        final float[] right = stereo[1];
        final float[] dl = delay[0];
        final float[] dr = delay[1];
        final int mask = dequeValue.length - 1;
        final float targetLinear = this.targetLinear;
        for (int i = 0; i < n; i++) {
            // 1. required reduction at this frame, pushed into the sliding-maximum deque (zeros are
            //    never stored: they never exceed anything)
            float p = peaks[i];
            if (p > targetLinear) {
                int reduction = (int) Math.ceil((1.0 - targetLinear / (double) p) * ONE);
                while (dequeSize > 0 && dequeValue[(dequeHead + dequeSize - 1) & mask] <= reduction) {
                    dequeSize--;
                }
                int tail = (dequeHead + dequeSize) & mask;
                dequeValue[tail] = reduction;
                dequeFrame[tail] = frame;
                dequeSize++;
            }
            while (dequeSize > 0 && dequeFrame[dequeHead] <= frame - windowFrames) {
                dequeHead = (dequeHead + 1) & mask;
                dequeSize--;
            }
            int windowMax = dequeSize > 0 ? dequeValue[dequeHead] : 0;
            // 2. release: exponential decay of the reduction, never below what the window asks for
            int h = held;
            if (h != 0) {
                h = (int) ((h * releaseKeep) >>> 32);
                if (h < RELEASE_FLOOR) h = 0;
            }
            if (windowMax > h) h = windowMax;
            held = h;
            // 3. moving average over the attack
            averageSum += h - average[averagePos];
            average[averagePos] = h;
            if (++averagePos == average.length) averagePos = 0;
            // 4. delay and gain
            float xl = left[offset + i];
            float xr = right[offset + i];
            float yl = dl[delayPos];
            float yr = dr[delayPos];
            dl[delayPos] = xl;
            dr[delayPos] = xr;
            if (++delayPos == dl.length) delayPos = 0;
            if (averageSum != 0) {
                double g = 1.0 - averageSum * gainPerUnit;
                yl = (float) (yl * g);
                yr = (float) (yr * g);
            }
            left[offset + i] = yl;
            right[offset + i] = yr;
            frame++;
        }
    }

    private void requirePrepared() {
        if (spec == null) throw new IllegalStateException("prepare(spec) the limiter before use");
    }
}

package mixer.dsp.loudness;

import java.util.Arrays;
import java.util.List;
import java.io.IOException;
import mixer.dsp.Audio;
import mixer.dsp.AudioSource;
import mixer.dsp.AudioSpec;
import mixer.dsp.Pipeline;

/**
 * Loudness meter after ITU-R BS.1770-4 and EBU R128 / Tech 3341 / Tech 3342, for stereo or mono at any
 * rate. Audio reaches it as stereo (mono duplicated); a meter for a mono source counts the one channel
 * once, as BS.1770 does (and FFmpeg), instead of reading it as dual mono, which would be 3 LU louder.
 *
 * <ul>
 *   <li>K-weighting: the pre-filter (high shelf) and the RLB high-pass, both designed at the stream's
 *       rate from their analog prototypes with the bilinear transform (shelf f0 1681.97 Hz, gain
 *       3.99984 dB, Q 0.70718; high-pass f0 38.1355 Hz, Q 0.50033), which gives the coefficients of
 *       BS.1770-4 Table 1/2 at 48 kHz. Channel weights 1 for left and right. The high-pass keeps Table 2's
 *       numerator (1, -2, 1) at every rate, as FFmpeg and libebur128 do, so its passband gain drifts away
 *       from 48 kHz: music reads about 0.06 LU louder at 32 kHz and 0.25 LU at 8 kHz than resampled to
 *       48 kHz (scaling the numerator would remove it). Kept: the meter agrees with FFmpeg at every rate,
 *       and the corpus's features and {@code FinishedLevel}'s constants were measured with it.</li>
 *   <li>Momentary loudness: 400 ms blocks, a new one every 100 ms (75 % overlap), starting when the
 *       first 400 ms are in; short-term: 3 s windows, also every 100 ms. Block length and hop are
 *       whole samples: hop = round(rate / 10), block = 4 hops, short-term window = 30 hops.</li>
 *   <li>Integrated loudness: blocks at or above -70 LUFS (absolute gate), then at or above the
 *       relative gate 10 LU below the loudness of their mean power.</li>
 *   <li>Loudness range (Tech 3342): short-term windows on the 100 ms hop, absolute gate -70 LUFS,
 *       relative gate 20 LU below their mean power, then the 95th minus the 10th percentile of the
 *       gated short-term loudness. The percentile is the value at sorted index
 *       round(p * N) - 1 (at least 0), as FFmpeg's ebur128 filter does.</li>
 *   <li>True peak by {@link TruePeakMeter} (its default interpolator unless one is given); sample peak
 *       over both channels.</li>
 * </ul>
 * Where BS.1770 and FFmpeg's ebur128 filter differ in details, this meter follows FFmpeg: gates
 * include values equal to the threshold; the LRA short-term hop is 100 ms; blocks and windows count
 * only once complete (a trailing partial hop is ignored). Values are exact (no histogram).
 *
 * <p>Streaming: {@link #accept} blocks of any size (no allocation except the occasional growth of the
 * block list, about 10 values per second of audio), read the values at any time.
 */
public final class LoudnessMeter {

    private static final double ABSOLUTE_GATE_LUFS = -70.0;
    private static final double RELATIVE_GATE_LU = -10.0;
    private static final double LRA_RELATIVE_GATE_LU = -20.0;
    private static final double LRA_LOW_PERCENTILE = 0.10;
    private static final double LRA_HIGH_PERCENTILE = 0.95;
    private static final int HOPS_PER_BLOCK = 4;
    private static final int HOPS_PER_SHORT_TERM = 30;
    /** Filter states below this are flushed to zero at hop boundaries (avoids denormal slow-down). */
    private static final double DENORMAL_FLUSH = 1e-30;

    private final int sampleRateHz;
    private final int channels;
    /** The right channel's share of the energy: 1, or 0 for a mono source (its right is a copy of left). */
    private final double rightWeight;
    private final int hopFrames;
    private final KWeighting k;
    private final TruePeakMeter truePeak;

    // filter states, transposed direct form II: [pre s1, pre s2, rlb s1, rlb s2] per channel
    private double l1, l2, l3, l4, r1, r2, r3, r4;
    private double hopEnergy;
    private int hopFill;
    private final double[] recentHops = new double[HOPS_PER_SHORT_TERM];
    private long hopsDone;
    private float samplePeak;

    private final DoubleList blockPowers = new DoubleList();
    private final DoubleList shortTermPowers = new DoubleList();
    private double maxBlockPower;
    private double maxShortTermPower;

    /** A meter for stereo. */
    public LoudnessMeter(int sampleRateHz) {
        this(sampleRateHz, AudioSpec.CHANNELS);
    }

    /** A meter for a source of 1 (mono, fed duplicated) or 2 channels. */
    public LoudnessMeter(int sampleRateHz, int channels) {
        this(sampleRateHz, channels, TruePeakMeter.Interpolator.SINC_129);
    }

    public LoudnessMeter(int sampleRateHz, int channels, TruePeakMeter.Interpolator truePeakInterpolator) {
        new AudioSpec(sampleRateHz); // validates the rate
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("a loudness meter measures 1 or 2 channels, not " + channels);
        }
        this.sampleRateHz = sampleRateHz;
        this.channels = channels;
        this.rightWeight = channels == 2 ? 1.0 : 0.0;
        this.hopFrames = (int) Math.round(sampleRateHz / 10.0);
        this.k = new KWeighting(sampleRateHz);
        this.truePeak = new TruePeakMeter(sampleRateHz, truePeakInterpolator);
    }

    /** Measures a whole stereo audio. */
    public static Loudness measure(Audio audio) {
        return measure(audio, AudioSpec.CHANNELS);
    }

    /** Measures a whole audio that came from a source of {@code channels} (1: mono, duplicated). */
    public static Loudness measure(Audio audio, int channels) {
        LoudnessMeter meter = new LoudnessMeter(audio.sampleRateHz(), channels);
        meter.accept(audio.stereo(), 0, audio.frames());
        return meter.result();
    }

    /**
     * The integrated loudness alone of stereo pieces at one rate, heard one after another. The meter's true-peak part runs
     * whatever is asked, so it takes its cheapest interpolator here.
     */
    public static double integratedLufs(List<Audio> pieces) {
        LoudnessMeter meter = new LoudnessMeter(pieces.get(0).sampleRateHz(), AudioSpec.CHANNELS, TruePeakMeter.Interpolator.BS1770);
        for (Audio piece : pieces) meter.accept(piece.stereo(), 0, piece.frames());
        return meter.integratedLufs();
    }

    /** Measures a source to its end, in bounded memory; {@code channels} as the source had them. */
    public static Loudness measure(AudioSource source, int channels) throws IOException {
        LoudnessMeter meter = new LoudnessMeter(source.spec().sampleRateHz(), channels);
        Pipeline.run(source, List.of(), meter::accept, false);
        return meter.result();
    }

    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** The channels of the source measured: 1 or 2. */
    public int channels() {
        return channels;
    }

    /** Feeds frames {@code [offset, offset + length)} of a stereo buffer (not modified). */
    public void accept(float[][] stereo, int offset, int length) {
        truePeak.accept(stereo, offset, length);
        final float[] left = stereo[0];
        final float[] right = stereo[1];
        final double pb0 = k.preB0, pb1 = k.preB1, pb2 = k.preB2, pa1 = k.preA1, pa2 = k.preA2;
        final double ha1 = k.rlbA1, ha2 = k.rlbA2;
        double l1 = this.l1, l2 = this.l2, l3 = this.l3, l4 = this.l4;
        double r1 = this.r1, r2 = this.r2, r3 = this.r3, r4 = this.r4;
        double energy = hopEnergy;
        int fill = hopFill;
        float peak = samplePeak;
        final int end = offset + length;
        for (int i = offset; i < end; i++) {
            float xlf = left[i];
            float xrf = right[i];
            float al = Math.abs(xlf);
            float ar = Math.abs(xrf);
            if (al > peak) peak = al;
            if (ar > peak) peak = ar;
            double xl = xlf;
            double xr = xrf;
            // left: pre-filter then RLB high-pass (b = 1, -2, 1)
            double yl = pb0 * xl + l1;
            l1 = pb1 * xl - pa1 * yl + l2;
            l2 = pb2 * xl - pa2 * yl;
            double zl = yl + l3;
            l3 = -2.0 * yl - ha1 * zl + l4;
            l4 = yl - ha2 * zl;
            // right
            double yr = pb0 * xr + r1;
            r1 = pb1 * xr - pa1 * yr + r2;
            r2 = pb2 * xr - pa2 * yr;
            double zr = yr + r3;
            r3 = -2.0 * yr - ha1 * zr + r4;
            r4 = yr - ha2 * zr;
            energy += zl * zl + rightWeight * (zr * zr);
            if (++fill == hopFrames) {
                endHop(energy);
                energy = 0;
                fill = 0;
                l1 = flush(l1); l2 = flush(l2); l3 = flush(l3); l4 = flush(l4);
                r1 = flush(r1); r2 = flush(r2); r3 = flush(r3); r4 = flush(r4);
            }
        }
        this.l1 = l1; this.l2 = l2; this.l3 = l3; this.l4 = l4;
        this.r1 = r1; this.r2 = r2; this.r3 = r3; this.r4 = r4;
        hopEnergy = energy;
        hopFill = fill;
        samplePeak = peak;
    }

    private static double flush(double s) {
        return Math.abs(s) < DENORMAL_FLUSH ? 0.0 : s;
    }

    private void endHop(double energy) {
        recentHops[(int) (hopsDone % HOPS_PER_SHORT_TERM)] = energy;
        hopsDone++;
        if (hopsDone >= HOPS_PER_BLOCK) {
            double power = sumRecent(HOPS_PER_BLOCK) / ((double) HOPS_PER_BLOCK * hopFrames);
            blockPowers.add(power);
            maxBlockPower = Math.max(maxBlockPower, power);
        }
        if (hopsDone >= HOPS_PER_SHORT_TERM) {
            double power = sumRecent(HOPS_PER_SHORT_TERM) / ((double) HOPS_PER_SHORT_TERM * hopFrames);
            shortTermPowers.add(power);
            maxShortTermPower = Math.max(maxShortTermPower, power);
        }
    }

    /** Sum of the energies of the last {@code hops} hops, oldest first (a fixed order). */
    private double sumRecent(int hops) {
        double sum = 0;
        for (long h = hopsDone - hops; h < hopsDone; h++) {
            sum += recentHops[(int) (h % HOPS_PER_SHORT_TERM)];
        }
        return sum;
    }

    /** Forgets the stream; the rate stays. */
    public void reset() {
        l1 = l2 = l3 = l4 = r1 = r2 = r3 = r4 = 0;
        hopEnergy = 0;
        hopFill = 0;
        Arrays.fill(recentHops, 0);
        hopsDone = 0;
        samplePeak = 0;
        blockPowers.clear();
        shortTermPowers.clear();
        maxBlockPower = 0;
        maxShortTermPower = 0;
        truePeak.reset();
    }

    /** Gated integrated loudness so far (LUFS); -infinity if no block passes the absolute gate. */
    public double integratedLufs() {
        double absGate = power(ABSOLUTE_GATE_LUFS);
        double ungated = blockPowers.meanFrom(absGate);
        if (Double.isNaN(ungated)) return Double.NEGATIVE_INFINITY;
        return lufs(blockPowers.meanFrom(Math.max(absGate, ungated * Math.pow(10, RELATIVE_GATE_LU / 10))));
    }

    /** Loudness range so far (LU, EBU Tech 3342); NaN if no short-term window passes the gates. */
    public double loudnessRangeLu() {
        double absGate = power(ABSOLUTE_GATE_LUFS);
        double ungated = shortTermPowers.meanFrom(absGate);
        if (Double.isNaN(ungated)) return Double.NaN;
        double relGate = Math.max(absGate, ungated * Math.pow(10, LRA_RELATIVE_GATE_LU / 10));
        double[] kept = new double[shortTermPowers.size];
        int m = 0;
        for (int i = 0; i < shortTermPowers.size; i++) {
            double p = shortTermPowers.values[i];
            if (p >= relGate) kept[m++] = p;
        }
        Arrays.sort(kept, 0, m);
        double low = lufs(kept[percentileIndex(LRA_LOW_PERCENTILE, m)]);
        double high = lufs(kept[percentileIndex(LRA_HIGH_PERCENTILE, m)]);
        return high - low;
    }

    private static int percentileIndex(double p, int n) {
        return Math.max(0, (int) Math.floor(p * n + 0.5) - 1);
    }

    public double maxMomentaryLufs() {
        return lufs(maxBlockPower);
    }

    public double maxShortTermLufs() {
        return lufs(maxShortTermPower);
    }

    public double truePeakDbtp() {
        return truePeak.truePeakDbtp();
    }

    public double samplePeakDbfs() {
        return 20 * Math.log10(samplePeak);
    }

    /** All values so far. */
    public Loudness result() {
        return new Loudness(integratedLufs(), loudnessRangeLu(), truePeakDbtp(), samplePeakDbfs(),
                maxMomentaryLufs(), maxShortTermLufs());
    }

    /** Loudness of a K-weighted mean-square power summed over channels: -0.691 + 10 log10(p). */
    static double lufs(double power) {
        return -0.691 + 10 * Math.log10(power);
    }

    static double power(double lufs) {
        return Math.pow(10, (lufs + 0.691) / 10);
    }

    /** K-weighting biquad coefficients for one rate (a0 normalised to 1). */
    static final class KWeighting {
        final double preB0, preB1, preB2, preA1, preA2;
        final double rlbA1, rlbA2; // RLB numerator is 1, -2, 1

        KWeighting(int sampleRateHz) {
            double f0 = 1681.974450955533;
            double gainDb = 3.999843853973347;
            double q = 0.7071752369554196;
            double k = Math.tan(Math.PI * f0 / sampleRateHz);
            double vh = Math.pow(10, gainDb / 20);
            double vb = Math.pow(vh, 0.4996667741545416);
            double a0 = 1 + k / q + k * k;
            preB0 = (vh + vb * k / q + k * k) / a0;
            preB1 = 2 * (k * k - vh) / a0;
            preB2 = (vh - vb * k / q + k * k) / a0;
            preA1 = 2 * (k * k - 1) / a0;
            preA2 = (1 - k / q + k * k) / a0;

            double hf0 = 38.13547087602444;
            double hq = 0.5003270373238773;
            double hk = Math.tan(Math.PI * hf0 / sampleRateHz);
            double ha0 = 1 + hk / hq + hk * hk;
            rlbA1 = 2 * (hk * hk - 1) / ha0;
            rlbA2 = (1 - hk / hq + hk * hk) / ha0;
        }
    }

    private static final class DoubleList {
        double[] values = new double[256];
        int size;

        void add(double v) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        void clear() {
            size = 0;
        }

        /** The mean of the values at or above {@code gate} (a gated loudness's powers); NaN if none is. */
        double meanFrom(double gate) {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (values[i] >= gate) {
                    sum += values[i];
                    n++;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }
    }
}

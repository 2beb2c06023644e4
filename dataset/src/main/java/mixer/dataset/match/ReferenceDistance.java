package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.analysis.MultiResolutionStft;
import mixer.dsp.analysis.OctaveBands;
import mixer.dsp.analysis.Stft;
import mixer.dsp.loudness.LoudnessMeter;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How far a mix is from a reference, for the match tasks (issue 15): the quantity {@link ReferenceRefiner}
 * minimises over the settings. 0 for identical audio; in natural-log magnitude units plus a scaled loudness term.
 * <ul>
 * <li>Aligned (match same: the reference is render(x, p) of the very audio x being mixed): the multi-resolution
 * STFT distance of the evaluation ({@link MultiResolutionStft#standard()}), which sees every stage frame by frame
 * (the compressor's transients, the EQs, the sends' tails, the side), plus the loudness term.</li>
 * <li>Unaligned (match other: the reference is a mix of another crop of the track, so no frame corresponds): a
 * time-averaged profile that needs no alignment. For each of {@link #PROFILE_FFT_SIZES}, the mean over frames of
 * the natural-log magnitude of 1/{@link #BANDS_PER_OCTAVE}-octave bands, for the mid (L + R) / 2 and the side
 * (L - R) / 2 separately; the distance is the mean absolute difference over every band, channel and size, plus the
 * loudness term. Bands of equal width in octaves, so that the 120 Hz shelf (a few bins) counts as much as the 4 kHz
 * one (hundreds); the side apart, since width moves only the side; a short FFT (its frames follow the compressor's
 * dynamics and the gaps the sends fill) and a long one (its bins resolve the bands below 100 Hz).</li>
 * <li>Loudness term, both cases: |integrated loudness difference| / {@link #LOUDNESS_LU_PER_UNIT} (BS.1770,
 * {@link LoudnessMeter}), so that the overall level, which the gains and the compressor trade among themselves,
 * has one robust anchor; silence and audio under 400 ms count as {@link #SILENCE_LUFS}. Its absolute value has a
 * crease along every setting of equal loudness, on which BOBYQA stalled when it searched the output level (two
 * starts 0.135 and 0.120 off, synthetic music: MAE 0.117 and 0.103, where without the term it reached 0.044 and
 * 0.035): {@link ReferenceRefiner} sets the output level by loudness instead, so that the term is 0 on its trials.</li>
 * </ul>
 * A mix and a reference may each come in pieces (windows of a longer excerpt): aligned, piece i is compared with
 * piece i and the MR-STFT distances are averaged; unaligned, the profile is pooled over all frames of all pieces.
 * Loudness of pieces is the energy mean of each piece's integrated loudness. Deterministic.
 */
public final class ReferenceDistance {

    /** LU of loudness difference that add 1 to the distance (1 dB of gain moves the unaligned profile by 0.115). */
    public static final double LOUDNESS_LU_PER_UNIT = 10;
    /** What silence (no gated 400 ms block) measures, so that the loudness term stays finite. */
    public static final double SILENCE_LUFS = -70;
    /** FFT sizes of the unaligned profile: ~23 ms frames for dynamics, ~93 ms bins (10.8 Hz at 44.1 kHz) for the lows. */
    public static final int[] PROFILE_FFT_SIZES = {1024, 4096};
    public static final double BANDS_PER_OCTAVE = 3;
    /** The lowest band's lower edge in Hz; bands that hold no bin at an FFT size are left out at that size. */
    public static final double LOWEST_BAND_HZ = 25;
    /** Band power below this, relative to a full-scale sine's bin, counts as this (as MultiResolutionStft.FLOOR_DB). */
    public static final double FLOOR_DB = MultiResolutionStft.FLOOR_DB;

    private static final MultiResolutionStft STFT = MultiResolutionStft.standard();

    private final boolean aligned;
    private final int sampleRateHz;
    private final List<MultiResolutionStft.Reference> reference; // aligned: compared piece by piece, spectra computed once
    private final double[] referenceProfile; // unaligned: pooled over the pieces
    private final double referenceLufs;

    private ReferenceDistance(boolean aligned, List<Audio> reference) {
        if (reference.isEmpty()) throw new IllegalArgumentException("give at least one piece of reference audio");
        this.aligned = aligned;
        this.sampleRateHz = reference.get(0).sampleRateHz();
        for (Audio a : reference) requireRate(a);
        this.reference = aligned ? reference.stream().map(STFT::prepare).toList() : List.of();
        this.referenceProfile = aligned ? null : profile(reference);
        this.referenceLufs = lufs(reference);
    }

    /** Distance to a reference that is time-aligned with the mixes to come, piece for piece. */
    public static ReferenceDistance aligned(List<Audio> reference) {
        return new ReferenceDistance(true, reference);
    }

    /** Distance to a reference of other audio: only its time-averaged profile and loudness count. */
    public static ReferenceDistance unaligned(List<Audio> reference) {
        return new ReferenceDistance(false, reference);
    }

    public static ReferenceDistance of(Audio reference, boolean aligned) {
        return new ReferenceDistance(aligned, List.of(reference));
    }

    /** The reference's loudness, LUFS (see {@link #lufs}). */
    double referenceLufs() {
        return referenceLufs;
    }

    /**
     * The distance of a mix (in pieces; aligned, as many as the reference's and each as long) from the reference.
     * Pieces are analysed in parallel (a search renders and compares several windows per trial) and summed in order,
     * so the result does not depend on the scheduling.
     */
    public double to(List<Audio> mix) {
        return to(mix, lufs(mix));
    }

    /** {@link #to(List)} with the mix's loudness ({@link #lufs}) known: a search that set the level has it. */
    double to(List<Audio> mix, double mixLufs) {
        for (Audio a : mix) requireRate(a);
        if (aligned && mix.size() != reference.size()) {
            throw new IllegalArgumentException("an aligned mix comes in as many pieces as its reference ("
                    + reference.size() + "), not " + mix.size());
        }
        double shape;
        if (aligned) {
            double[] each = IntStream.range(0, mix.size()).parallel()
                    .mapToDouble(i -> STFT.distance(mix.get(i), this.reference.get(i))).toArray();
            double sum = 0;
            for (double d : each) sum += d;
            shape = sum / each.length;
        } else {
            double[] profile = profile(mix);
            double sum = 0;
            for (int k = 0; k < profile.length; k++) sum += Math.abs(profile[k] - referenceProfile[k]);
            shape = sum / profile.length;
        }
        return shape + Math.abs(mixLufs - referenceLufs) / LOUDNESS_LU_PER_UNIT;
    }

    private void requireRate(Audio a) {
        if (a.sampleRateHz() != sampleRateHz) {
            throw new IllegalArgumentException("cannot compare " + a.sampleRateHz() + " Hz audio with a "
                    + sampleRateHz + " Hz reference");
        }
    }

    /** Energy mean of the pieces' integrated loudness, in LUFS, each at least {@link #SILENCE_LUFS}. */
    static double lufs(List<Audio> pieces) {
        double[] each = pieces.parallelStream() // in order: toArray keeps the list's order
                .mapToDouble(a -> Math.max(SILENCE_LUFS, LoudnessMeter.measure(a).integratedLufs())).toArray();
        double energy = 0;
        for (double l : each) energy += Math.pow(10, l / 10); // max(-inf, -70) = -70 above: finite
        return 10 * Math.log10(energy / each.length);
    }

    /**
     * The unaligned profile: for each FFT size, then mid and side, the mean over frames (hop half the size) of
     * ln of each non-empty band's magnitude, floored. Frames of every piece are pooled.
     */
    static double[] profile(List<Audio> pieces) {
        int rate = pieces.get(0).sampleRateHz();
        OctaveBands[] bands = new OctaveBands[PROFILE_FFT_SIZES.length];
        int length = 0;
        for (int s = 0; s < bands.length; s++) {
            bands[s] = OctaveBands.upToNyquist(new Stft(PROFILE_FFT_SIZES[s], rate), BANDS_PER_OCTAVE, LOWEST_BAND_HZ);
            length += 2 * bands[s].bands();
        }
        // per piece: the sums of the log magnitudes, then the frame count of each size in the last slots
        List<double[]> sums = pieces.parallelStream().map(a -> logSums(a, bands)).toList();
        double[] out = new double[length];
        for (double[] piece : sums) for (int k = 0; k < length; k++) out[k] += piece[k];
        double[] profile = new double[length];
        int kept = 0, at = 0;
        for (int s = 0; s < bands.length; s++) {
            long frames = 0;
            for (double[] piece : sums) frames += (long) piece[length + s];
            for (int ch = 0; ch < 2; ch++) {
                for (int k = 0; k < bands[s].bands(); k++, at++) {
                    if (!bands[s].isEmpty(k)) profile[kept++] = out[at] / frames;
                }
            }
        }
        return Arrays.copyOf(profile, kept);
    }

    /** One piece's sums of ln band magnitude over its frames, laid out as {@link #profile}'s, then the frame counts. */
    private static double[] logSums(Audio a, OctaveBands[] bands) {
        int length = 0;
        for (OctaveBands b : bands) length += 2 * b.bands();
        double[] out = new double[length + bands.length];
        float[][] midSide = a.midSide();
        int at = 0;
        for (int s = 0; s < bands.length; s++) {
            Stft stft = new Stft(PROFILE_FFT_SIZES[s], a.sampleRateHz()); // one per thread: plans are not shared
            OctaveBands b = bands[s];
            double floorPower = Math.pow(10, FLOOR_DB / 10) * stft.fullScaleSinePower();
            int count = 0; // the same for mid and side; shorter than a frame: one padded frame
            for (float[] signal : midSide) {
                int first = at;
                count = stft.forEachFramePower(signal, stft.fftSize() / 2, power -> {
                    for (int k = 0; k < b.bands(); k++) {
                        if (!b.isEmpty(k)) out[first + k] += 0.5 * Math.log(Math.max(b.power(power, k), floorPower));
                    }
                });
                at += b.bands();
            }
            out[length + s] = count;
        }
        return out;
    }
}

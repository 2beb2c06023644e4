package mixer.dsp.analysis;

import mixer.dsp.Audio;

/**
 * Multi-resolution STFT distance between a mix and a reference (Yamamoto et al., Parallel WaveGAN,
 * 2020): at each FFT size, spectral convergence ||R| - |E||_F / ||R||_F plus the mean absolute
 * difference of natural-log magnitudes; the distance is the mean of the two terms over the FFT sizes.
 * Hann window, hop a quarter of the FFT size, frames from sample 0 (no padding), both channels pooled;
 * magnitudes are floored at {@value #FLOOR_DB} dB below a full-scale sine for the log term.
 * Level matters (both terms change with gain), as it should for a mix: identical audio gives 0.
 *
 * <p>Several sizes because the parameters live at different scales: 512 samples (~12 ms) sees the
 * compressor's transients, 2048 (~46 ms) resolves the 120 Hz shelf and the reverb's colour.
 */
public final class MultiResolutionStft {

    public static final int[] DEFAULT_FFT_SIZES = {512, 1024, 2048};
    /**
     * Bins quieter than this, relative to a full-scale sine's bin (magnitude n/4 with a Hann window),
     * count as this level in the log term. Without a floor, log(0) appears, and float rounding in bins
     * near silence (inaudible, 100 dB down) dominates the log term: the restore identity, exact to
     * -112 dB, measured 0.08 with a floor of 1e-7 and 3e-6 with this one.
     */
    public static final double FLOOR_DB = -100;

    private final int[] fftSizes;

    public MultiResolutionStft(int... fftSizes) {
        if (fftSizes.length == 0) throw new IllegalArgumentException("give at least one FFT size");
        for (int n : fftSizes) Stft.requireFftSize(n);
        this.fftSizes = fftSizes.clone();
    }

    public static MultiResolutionStft standard() {
        return new MultiResolutionStft(DEFAULT_FFT_SIZES);
    }

    public int[] fftSizes() {
        return fftSizes.clone();
    }

    /** The two terms at one FFT size. */
    public record Terms(int fftSize, double spectralConvergence, double logMagnitudeL1) {
        public double sum() {
            return spectralConvergence + logMagnitudeL1;
        }
    }

    /** Distance of {@code estimate} from {@code reference} (not symmetric: convergence divides by the reference). */
    public double distance(Audio estimate, Audio reference) {
        return sum(terms(estimate, reference));
    }

    /** {@link #distance(Audio, Audio)} from a reference's spectra computed once: the same number, bit for bit. */
    public double distance(Audio estimate, Reference reference) {
        return sum(terms(estimate, reference));
    }

    private double sum(Terms[] terms) {
        double total = 0;
        for (Terms t : terms) total += t.sum();
        return total / fftSizes.length;
    }

    public Terms[] terms(Audio estimate, Audio reference) {
        requireComparable(estimate, reference.sampleRateHz(), reference.frames());
        Terms[] out = new Terms[fftSizes.length];
        for (int k = 0; k < fftSizes.length; k++) out[k] = atSize(fftSizes[k], estimate, reference, null);
        return out;
    }

    public Terms[] terms(Audio estimate, Reference reference) {
        if (reference.owner != this) throw new IllegalArgumentException("the reference was prepared for other FFT sizes");
        requireComparable(estimate, reference.sampleRateHz, reference.frames);
        Terms[] out = new Terms[fftSizes.length];
        for (int k = 0; k < fftSizes.length; k++) out[k] = atSize(fftSizes[k], estimate, null, reference.power[k]);
        return out;
    }

    /**
     * A reference's power spectra at every size, for a search that compares many estimates with one reference
     * (refinement: hundreds of renders): each distance then transforms only the estimate, about half the work.
     * Holds {@code 8 * frames * 2 * 3} bytes at the standard sizes (about 4 MB a second of stereo at 44.1 kHz).
     */
    public static final class Reference {
        private final MultiResolutionStft owner;
        private final int sampleRateHz, frames;
        private final double[][][][] power; // [size][channel][frame][bin]

        private Reference(MultiResolutionStft owner, Audio reference) {
            this.owner = owner;
            this.sampleRateHz = reference.sampleRateHz();
            this.frames = reference.frames();
            this.power = new double[owner.fftSizes.length][][][];
            for (int k = 0; k < power.length; k++) {
                Stft stft = new Stft(owner.fftSizes[k], sampleRateHz);
                int hop = owner.fftSizes[k] / 4, count = Math.max(1, stft.frames(frames, hop));
                double[] r = new double[owner.fftSizes[k]];
                power[k] = new double[2][count][stft.bins()];
                for (int ch = 0; ch < 2; ch++) {
                    for (int f = 0; f < count; f++) {
                        stft.read(reference.stereo()[ch], f * hop, r);
                        stft.power(r, power[k][ch][f]);
                    }
                }
            }
        }
    }

    /** The reference's spectra, computed once. */
    public Reference prepare(Audio reference) {
        return new Reference(this, reference);
    }

    private static void requireComparable(Audio estimate, int referenceRateHz, int referenceFrames) {
        if (estimate.sampleRateHz() != referenceRateHz) {
            throw new IllegalArgumentException("cannot compare " + estimate.sampleRateHz() + " Hz audio with "
                    + referenceRateHz + " Hz audio");
        }
        if (estimate.frames() != referenceFrames) {
            throw new IllegalArgumentException("cannot compare audio of " + estimate.frames() + " frames with "
                    + referenceFrames + " frames; a mix keeps its input's length");
        }
    }

    /** The terms at one size; the reference's power comes from {@code prepared} ([channel][frame][bin]) when given. */
    private static Terms atSize(int n, Audio estimate, Audio reference, double[][][] prepared) {
        Stft stft = new Stft(n, estimate.sampleRateHz());
        int hop = n / 4;
        double[] e = new double[n], r = new double[n];
        double[] pe = new double[stft.bins()], pr = new double[stft.bins()];
        double floor = Math.pow(10, FLOOR_DB / 20) * stft.fullScaleSineMagnitude();
        double floorPower = floor * floor;
        double diffSquares = 0, refSquares = 0, logL1 = 0;
        long cells = 0;
        int frames = Math.max(1, stft.frames(estimate.frames(), hop)); // audio shorter than n: one padded frame
        for (int ch = 0; ch < 2; ch++) {
            float[] es = estimate.stereo()[ch];
            for (int f = 0; f < frames; f++) {
                stft.read(es, f * hop, e);
                stft.power(e, pe);
                if (prepared != null) {
                    pr = prepared[ch][f];
                } else {
                    stft.read(reference.stereo()[ch], f * hop, r);
                    stft.power(r, pr);
                }
                // from squared magnitudes: sqrt is cheap, one log per bin (hypot and two logs were slower)
                for (int b = 0; b < pe.length; b++) {
                    double d = Math.sqrt(pr[b]) - Math.sqrt(pe[b]);
                    diffSquares += d * d;
                    refSquares += pr[b];
                    // |ln max(|R|, floor) - ln max(|E|, floor)| = |ln of the ratio of floored powers| / 2
                    logL1 += Math.abs(Math.log(Math.max(pr[b], floorPower) / Math.max(pe[b], floorPower)));
                    cells++;
                }
            }
        }
        logL1 /= 2;
        double convergence = diffSquares == 0 ? 0 : Math.sqrt(diffSquares / Math.max(refSquares, Double.MIN_NORMAL));
        return new Terms(n, convergence, logL1 / cells);
    }
}

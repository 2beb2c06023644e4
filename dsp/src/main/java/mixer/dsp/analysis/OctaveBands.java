package mixer.dsp.analysis;

import mixer.dsp.Audio;

/**
 * Fractional-octave bands over the bins of an FFT: a band of 1/b octave around centre c spans
 * c * 2^(-1/2b) to c * 2^(1/2b) and holds the bins whose centres lie in that range, edges included.
 * A band's power is the sum of its bins' power, so pink noise reads the same in every band.
 *
 * <p>Edges included, as the comparison chart has always had them: a bin exactly on an edge, which
 * happens only at rates such as 8192 or 10240 Hz where an edge falls on a bin, counts in both bands.
 */
public final class OctaveBands {

    /** Frames of {@link #power(Audio, double...)}: 4096 (93 ms at 44.1 kHz), so octaves down to 63 Hz hold several bins. */
    public static final int MEASURE_FFT_SIZE = 4096;

    private final double[] centreHz;
    private final int[] firstBin;
    private final int[] lastBin; // below firstBin where no bin lies in the band

    /** Bands of {@code 1 / bandsPerOctave} octave around each of {@code centresHz}, over the bins of {@code stft}. */
    public OctaveBands(Stft stft, double bandsPerOctave, double... centresHz) {
        centreHz = centresHz.clone();
        firstBin = new int[centreHz.length];
        lastBin = new int[centreHz.length];
        for (int b = 0; b < centreHz.length; b++) {
            double lo = centreHz[b] * Math.pow(2, -0.5 / bandsPerOctave), hi = centreHz[b] * Math.pow(2, 0.5 / bandsPerOctave);
            firstBin[b] = (int) Math.ceil(stft.bin(lo));
            lastBin[b] = Math.min(stft.bins() - 1, (int) Math.floor(stft.bin(hi)));
        }
    }

    /** Contiguous bands from {@code lowestHz} up to Nyquist, as many as fit whole below it. */
    public static OctaveBands upToNyquist(Stft stft, double bandsPerOctave, double lowestHz) {
        double nyquistHz = stft.sampleRateHz() / 2.0;
        int bands = (int) Math.floor(bandsPerOctave * Math.log(nyquistHz / lowestHz) / Math.log(2));
        double[] centres = new double[bands];
        for (int b = 0; b < bands; b++) centres[b] = lowestHz * Math.pow(2, (b + 0.5) / bandsPerOctave);
        return new OctaveBands(stft, bandsPerOctave, centres);
    }

    /**
     * The power of both channels of {@code audio} in the octave bands around {@code centresHz}, summed over
     * half-overlapping Hann frames of {@link #MEASURE_FFT_SIZE} (a band above Nyquist or holding no bin is 0). Sums, so
     * that the powers of several pieces of one song add up; {@link #levelsDb} is the same in dB.
     */
    public static double[] power(Audio audio, double... centresHz) {
        Stft stft = new Stft(MEASURE_FFT_SIZE, audio.sampleRateHz());
        OctaveBands bands = new OctaveBands(stft, 1, centresHz);
        double[] sum = new double[centresHz.length];
        for (float[] channel : audio.stereo()) {
            stft.forEachFramePower(channel, MEASURE_FFT_SIZE / 2, power -> {
                for (int b = 0; b < sum.length; b++) sum[b] += bands.power(power, b);
            });
        }
        return sum;
    }

    /** {@link #power(Audio, double...)} in dB: an empty band is -infinity. */
    public static double[] levelsDb(Audio audio, double... centresHz) {
        double[] power = power(audio, centresHz);
        double[] db = new double[power.length];
        for (int b = 0; b < db.length; b++) db[b] = 10 * Math.log10(power[b]);
        return db;
    }

    public int bands() {
        return centreHz.length;
    }

    public double centreHz(int band) {
        return centreHz[band];
    }

    /** Whether no bin's centre lies in the band (a band narrower than a bin, or above Nyquist). */
    public boolean isEmpty(int band) {
        return lastBin[band] < firstBin[band];
    }

    /**
     * The sum of the band's bins in {@code power}, from the lowest bin up; 0 for an empty band. Bins past
     * the end of {@code power} count as absent, so a spectrum that leaves out Nyquist sums without it.
     */
    public double power(double[] power, int band) {
        double sum = 0;
        for (int k = firstBin[band]; k <= Math.min(lastBin[band], power.length - 1); k++) sum += power[k];
        return sum;
    }
}

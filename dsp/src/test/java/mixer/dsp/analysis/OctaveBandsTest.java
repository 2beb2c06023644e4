package mixer.dsp.analysis;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OctaveBandsTest {

    // 40960 Hz over 4096 points: bins exactly 10 Hz apart
    private static final Stft STFT = new Stft(4096, 40_960);

    private static double[] impulse(double hz) {
        double[] p = new double[STFT.bins()];
        p[(int) Math.round(STFT.bin(hz))] = 1;
        return p;
    }

    @Test
    void theOctaveAround1KhzHoldsTheBinsFrom707To1414Hz() {
        OctaveBands octave = new OctaveBands(STFT, 1, 1000);
        assertEquals(0, octave.power(impulse(700), 0));
        assertEquals(1, octave.power(impulse(710), 0));
        assertEquals(1, octave.power(impulse(1410), 0));
        assertEquals(0, octave.power(impulse(1420), 0));
        double[] flat = new double[STFT.bins()];
        Arrays.fill(flat, 1);
        assertEquals(71, octave.power(flat, 0), "71 bins of 10 Hz from 710 to 1410 Hz");
    }

    @Test
    void pinkNoiseReadsFlatAndWhiteNoiseRises3DbPerOctave() {
        OctaveBands thirds = OctaveBands.upToNyquist(STFT, 3, 20);
        double[] pink = new double[STFT.bins()], white = new double[STFT.bins()];
        for (int k = 1; k < pink.length; k++) {
            pink[k] = 1 / STFT.binHz(k);
            white[k] = 1;
        }
        // from 500 Hz up, where a third holds at least 11 bins
        int from = 0;
        while (thirds.centreHz(from) < 500) from++;
        double pinkDb = 10 * Math.log10(thirds.power(pink, from));
        for (int b = from + 3; b < thirds.bands(); b += 3) {
            assertEquals(pinkDb, 10 * Math.log10(thirds.power(pink, b)), 0.5, "pink, band at " + thirds.centreHz(b) + " Hz");
            double octaveUp = 10 * Math.log10(thirds.power(white, b) / thirds.power(white, b - 3));
            assertEquals(10 * Math.log10(2), octaveUp, 0.5, "white, band at " + thirds.centreHz(b) + " Hz");
        }
    }

    @Test
    void bandsUpToNyquistAreContiguousAndEndBelowIt() {
        Stft stft = new Stft(4096, 48_000);
        OctaveBands sixths = OctaveBands.upToNyquist(stft, 6, 20);
        assertEquals(61, sixths.bands(), "floor(6 log2(24000 / 20))");
        assertEquals(20 * Math.pow(2, 0.5 / 6), sixths.centreHz(0), 1e-12);
        for (int b = 1; b < sixths.bands(); b++) assertEquals(Math.pow(2, 1 / 6.0), sixths.centreHz(b) / sixths.centreHz(b - 1), 1e-12);
        assertTrue(sixths.centreHz(60) * Math.pow(2, 0.5 / 6) <= 24_000);
        // each bin from 20 Hz to the top band's upper edge in one band: bins 2 (23.4 Hz) to 1961 (22.98 kHz)
        double[] flat = new double[stft.bins()];
        Arrays.fill(flat, 1);
        double held = 0;
        for (int b = 0; b < sixths.bands(); b++) held += sixths.power(flat, b);
        assertEquals(1960, held);
    }

    @Test
    void aBandNarrowerThanABinOrAboveNyquistIsEmpty() {
        OctaveBands bands = new OctaveBands(STFT, 12, 105, 30_000);
        double[] flat = new double[STFT.bins()];
        Arrays.fill(flat, 1);
        assertFalse(new OctaveBands(STFT, 12, 100).isEmpty(0), "100 Hz sits on a bin");
        assertTrue(bands.isEmpty(0), "102 to 108.1 Hz holds no bin");
        assertTrue(bands.isEmpty(1));
        assertEquals(0, bands.power(flat, 1));
    }

    @Test
    void aSpectrumThatStopsBelowNyquistSumsWithoutIt() {
        OctaveBands top = new OctaveBands(STFT, 1, 16_000);
        double[] flat = new double[STFT.bins()];
        Arrays.fill(flat, 1);
        assertEquals(917, top.power(flat, 0), "11320 Hz to Nyquist, 20480 Hz");
        assertEquals(916, top.power(Arrays.copyOf(flat, STFT.bins() - 1), 0));
    }
}

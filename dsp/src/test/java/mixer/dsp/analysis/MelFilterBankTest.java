package mixer.dsp.analysis;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MelFilterBankTest {

    private static final Stft STFT = new Stft(2048, 48_000);
    private static final MelFilterBank BANK = new MelFilterBank(STFT, 64, 30, 18_000);

    /** Power 1 in one bin, 0 elsewhere. */
    private static float[] impulse(int bin) {
        float[] p = new float[STFT.bins()];
        p[bin] = 1;
        return p;
    }

    @Test
    void theMelScaleIsAnchoredAt1000HzFor1000Mel() {
        // one band over 0 to 2000 mel (3428.68 Hz) is centred at 1000 mel
        MelFilterBank one = new MelFilterBank(STFT, 1, 0, 3428.677);
        assertEquals(1000, one.centreHz(0), 0.05);
    }

    @Test
    void everyBandIsAWeightedMeanSoAFlatSpectrumReadsOneEverywhere() {
        float[] flat = new float[STFT.bins()];
        Arrays.fill(flat, 1);
        for (int b = 0; b < BANK.bands(); b++) assertEquals(1, BANK.power(flat, b), 1e-6, "band " + b);
        // also where the bands are narrower than a bin (256 points at 48 kHz: 187.5 Hz a bin)
        MelFilterBank narrow = new MelFilterBank(new Stft(256, 48_000), 96, 20, 24_000);
        float[] flat256 = new float[129];
        Arrays.fill(flat256, 1);
        for (int b = 0; b < narrow.bands(); b++) assertEquals(1, narrow.power(flat256, b), 1e-6, "narrow band " + b);
    }

    @Test
    void aBinFallsUnderAtMostTwoNeighbouringBandsAndNoneOutsideMinToMax() {
        for (int k = 0; k < STFT.bins(); k++) {
            int first = -1, count = 0;
            for (int b = 0; b < BANK.bands(); b++) {
                if (BANK.power(impulse(k), b) > 0) {
                    if (first < 0) first = b;
                    count++;
                }
            }
            double hz = STFT.binHz(k);
            if (hz <= 30 || hz >= 18_000) {
                assertEquals(0, count, hz + " Hz is outside 30 Hz - 18 kHz");
            } else {
                assertTrue(count >= 1 && count <= 2, hz + " Hz falls under " + count + " bands");
                if (count == 2) assertTrue(BANK.power(impulse(k), first + 1) > 0, "the two bands are neighbours");
            }
        }
    }

    @Test
    void aBinCentredOnABandPeaksInThatBand() {
        for (int b : new int[] {10, 30, 50, 63}) {
            int k = STFT.nearestBin(BANK.centreHz(b));
            float[] p = impulse(k);
            for (int other = 0; other < BANK.bands(); other++) {
                if (other != b) assertTrue(BANK.power(p, other) < BANK.power(p, b), "bin " + k + ": band " + other + " vs " + b);
            }
        }
    }

    @Test
    void centresAreEvenlySpacedInMelAndTheTopIsClampedToNyquist() {
        double step = mel(BANK.centreHz(1)) - mel(BANK.centreHz(0));
        for (int b = 1; b < BANK.bands(); b++) assertEquals(step, mel(BANK.centreHz(b)) - mel(BANK.centreHz(b - 1)), 1e-9);
        assertEquals((mel(18_000) - mel(30)) / 65, step, 1e-9);
        MelFilterBank aboveNyquist = new MelFilterBank(STFT, 64, 30, 30_000), atNyquist = new MelFilterBank(STFT, 64, 30, 24_000);
        for (int b = 0; b < 64; b++) assertEquals(atNyquist.centreHz(b), aboveNyquist.centreHz(b));
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    /**
     * One grid for every rate: at 32 kHz the bands are those of 44.1 and 48 kHz; where the 44.1 kHz spectrum
     * has nothing above 16 kHz each band reads the same, and bands wholly above 16 kHz read 0 at 32 kHz.
     * Below 36 kHz (2 x 18 kHz) nothing is clamped, so at 44.1 and 48 kHz it is the clamped bank itself.
     */
    @Test
    void theSameGridAtEveryRateReadsAboveNyquistAsSilence() {
        Stft s32 = new Stft(2048, 32_000), s44 = new Stft(2048, 44_100);
        MelFilterBank at32 = MelFilterBank.sameAtEveryRate(s32, 64, 30, 18_000), at44 = MelFilterBank.sameAtEveryRate(s44, 64, 30, 18_000);
        MelFilterBank clamped44 = new MelFilterBank(s44, 64, 30, 18_000);
        // a spectrum of power f^-1 up to 16 kHz, nothing above, at both rates
        float[] p32 = new float[s32.bins()], p44 = new float[s44.bins()];
        for (int k = 1; k < p32.length; k++) p32[k] = s32.binHz(k) < 16_000 ? (float) (1000 / s32.binHz(k)) : 0;
        for (int k = 1; k < p44.length; k++) p44[k] = s44.binHz(k) < 16_000 ? (float) (1000 / s44.binHz(k)) : 0;
        int above = 0;
        for (int b = 0; b < 64; b++) {
            assertEquals(at44.centreHz(b), at32.centreHz(b), "band " + b + " sits at the same frequency");
            assertEquals(clamped44.power(p44, b), at44.power(p44, b), "band " + b + ": nothing to clamp at 44.1 kHz");
            if (at32.centreHz(b) > 1000 && at32.centreHz(b) < 15_000) {
                // bins of 15.6 and 21.5 Hz sample the same spectrum: within 3 % of each other (the bands that
                // straddle the cut at 16 kHz hold a small part of their triangle, where the two samplings differ more)
                assertEquals(at44.power(p44, b), at32.power(p32, b), 0.03 * at44.power(p44, b) + 1e-9, "band " + b);
            }
            if (at32.centreHz(b) > 16_500) {
                above++;
                float[] white = new float[s32.bins()];
                Arrays.fill(white, 1);
                assertEquals(0, at32.power(white, b), 1e-12, "band " + b + " lies above Nyquist at 32 kHz");
            }
        }
        assertEquals(1, above, "the top band (16.2 - 18 kHz) lies above 16 kHz");
    }
}

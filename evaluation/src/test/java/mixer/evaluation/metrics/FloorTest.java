package mixer.evaluation.metrics;

import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blind floor's estimator on spreads whose answer is known, and its carriers. */
class FloorTest {

    /** Loudness deviations drawn from a normal distribution of {@code sdDb}, {@code n} tracks. */
    static double[] normal(double sdDb, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = -14 + sdDb * rng.nextGaussian();
        return v;
    }

    static double loudnessFloor(double[] lufs) {
        return Floor.floor(Param.OUTPUT_LEVEL_DB, lufs, 0, g -> g)[0];
    }

    @Test
    void musicThatDoesNotVaryHidesNothing() {
        double[] same = new double[50];
        java.util.Arrays.fill(same, -14);
        assertEquals(0, loudnessFloor(same), 1e-9);
    }

    /**
     * A small spread sigma in the middle of the range costs its mean absolute deviation, sigma sqrt(2 / pi);
     * near the ends of the range the prior helps, so the floor is a little lower: between the two.
     */
    @Test
    void aSmallSpreadCostsItsMeanAbsoluteDeviation() {
        double interior = 2 * Math.sqrt(2 / Math.PI) / 24; // 2 dB of a 24 dB range
        double floor = loudnessFloor(normal(2, 400, 1));
        assertTrue(floor < interior * 1.03 && floor > interior * 0.8, floor + " against " + interior);
        assertTrue(loudnessFloor(normal(4, 400, 1)) > floor * 1.6, "twice the spread, nearly twice the floor");
    }

    /** Music far more varied than the range: the quantity says nothing, and the estimator is the prior's median. */
    @Test
    void aHugeSpreadCostsWhatThePriorCosts() {
        assertEquals(0.25, loudnessFloor(normal(200, 400, 2)), 0.02);
        // tracks where the quantity is undefined (a mono track has no side/mid) get the prior's error
        double[] none = Floor.floor(Param.OUTPUT_LEVEL_DB, new double[0], 10, g -> g);
        assertEquals(0.25, none[0], 0.003);
        assertEquals(6, none[1], 0.1, "a quarter of the 24 dB range");
    }

    /** The EQ stages' gain over their octave, from the chain's own filters (RBJ, at 44.1 kHz). */
    @Test
    void eqCarriersMoveByTheStagesGainOverTheirOctaves() {
        assertEquals(10.8, Floor.StageResponse.octaveGainDb(Param.MID_EQ_DB, 12, 1000), 0.3, "the peak over its octave");
        assertEquals(0, Floor.StageResponse.octaveGainDb(Param.MID_EQ_DB, 12, 63), 0.3, "four octaves away");
        assertEquals(-10.8, Floor.StageResponse.octaveGainDb(Param.LOW_EQ_DB, -12, 63), 0.4);
        assertEquals(6, Floor.StageResponse.octaveGainDb(Param.HIGH_EQ_DB, 12, 4000), 0.6, "half the gain at the corner");
        assertEquals(0, Floor.StageResponse.octaveGainDb(Param.AIR_DB, 0, 16000));
    }

    @Test
    void everyParameterHasAFloorButTheCompressorAndTheReverb() {
        SplittableRandom rng = new SplittableRandom(3);
        List<Floor.Measures> tracks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double[] octaves = new double[Audibility.OCTAVES_HZ.length];
            for (int b = 0; b < octaves.length; b++) octaves[b] = 60 - 3 * b + 4 * rng.nextGaussian();
            tracks.add(new Floor.Measures(-14 + 3 * rng.nextGaussian(), octaves, -8 + 4 * rng.nextGaussian(),
                    0.08 * rng.nextGaussian()));
        }
        Floor floor = Floor.blind(tracks);
        assertEquals(40, floor.tracks());
        double sum = 0;
        for (Param p : Param.all()) {
            Floor.Entry e = floor.get(p);
            boolean none = p == Param.COMP_RATIO || p == Param.REVERB_SEND;
            assertEquals(!none, e.estimated(), p.id);
            if (none) continue;
            assertTrue(e.floor() > 0.02 && e.floor() < 0.25, p.id + " " + e.floor());
            assertEquals(40, e.tracks());
            sum += e.floor();
        }
        assertEquals(sum / Param.COUNT, floor.overall(), 1e-12, "the two without a floor count as 0");
        assertEquals(floor.get(Param.INPUT_GAIN_DB).floor(), floor.get(Param.OUTPUT_LEVEL_DB).floor(), "both read the loudness");
        assertTrue(floor.method().contains("finished tracks differ"), floor.method());
    }

    /** Match other: the halves of one track differ by a Gaussian of 2 dB in loudness and 3 dB in each octave. */
    static List<Floor.Measures[]> halves(double loudnessSdDb, double octaveSdDb, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Floor.Measures[]> tracks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double lufs = -14 + 5 * rng.nextGaussian(), side = -8 + 4 * rng.nextGaussian();
            double[] octaves = new double[Audibility.OCTAVES_HZ.length], other = new double[octaves.length];
            for (int b = 0; b < octaves.length; b++) {
                octaves[b] = 60 - 3 * b + 6 * rng.nextGaussian();
                other[b] = octaves[b] + octaveSdDb * rng.nextGaussian();
            }
            tracks.add(new Floor.Measures[] {new Floor.Measures(lufs, octaves, side, 0),
                    new Floor.Measures(lufs + loudnessSdDb * rng.nextGaussian(), other, side, 0)});
        }
        return tracks;
    }

    /**
     * What hides a setting in match other is how the halves of one track differ, not how tracks differ: halves alike
     * hide nothing however varied the tracks; halves apart by a known spread cost what that spread costs blind.
     */
    @Test
    void matchOthersNoiseIsTheDifferenceBetweenTheHalves() {
        Floor alike = Floor.matchOther(halves(0, 0, 40, 4));
        assertEquals(40, alike.tracks());
        for (Param p : List.of(Param.OUTPUT_LEVEL_DB, Param.MID_EQ_DB, Param.STEREO_WIDTH)) {
            assertEquals(0, alike.get(p).floor(), 1e-9, p.id);
            assertEquals(40, alike.get(p).tracks(), p.id);
        }
        // a difference of two halves, each off by sigma / sqrt 2, is off by sigma: the blind floor of that sigma
        Floor apart = Floor.matchOther(halves(2, 3, 400, 5));
        double interior = 2 * Math.sqrt(2 / Math.PI) / 24;
        double level = apart.get(Param.OUTPUT_LEVEL_DB).floor();
        assertTrue(level < interior * 1.03 && level > interior * 0.8, level + " against " + interior);
        assertEquals(loudnessFloor(normal(2, 400, 1)), level, 0.1 * level, "as blind with the same spread");
        assertEquals(2 * Math.sqrt(2 / Math.PI), apart.get(Param.OUTPUT_LEVEL_DB).spread(), 0.2, "the halves' mean absolute difference");
        assertTrue(apart.get(Param.MID_EQ_DB).floor() > 0.02, "octaves apart by 3 dB hide the mid EQ: " + apart.get(Param.MID_EQ_DB).floor());
        assertFalse(apart.get(Param.COMP_RATIO).estimated());
        assertTrue(apart.method().contains("halves"), apart.method());
    }
}

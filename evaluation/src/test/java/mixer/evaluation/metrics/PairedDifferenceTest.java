package mixer.evaluation.metrics;

import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedDifferenceTest {

    private static final double EPS = 1e-12;

    /** {@link ParameterMetricsTest#handMade()} with every error 0.05 larger: row MAEs 0.15, 0.25, 0.09 against 0.1, 0.2, 0.04. */
    static Predictions worse() {
        Predictions hand = ParameterMetricsTest.handMade();
        double[][] pred = new double[3][Param.COUNT];
        Arrays.fill(pred[0], 0.65);
        Arrays.fill(pred[1], 0.25);
        Arrays.fill(pred[2], 0.55);
        pred[2][Param.INPUT_GAIN_DB.ordinal()] = 0.95;
        return hand.withPredictions("worse", pred);
    }

    @Test
    void aConstantGainIsBeyondTheNoiseThoughTheModelsIntervalsOverlap() {
        Bootstrap bootstrap = Bootstrap.withSeed(1);
        Predictions hand = ParameterMetricsTest.handMade(), worse = worse();
        PairedDifference d = PairedDifference.of(hand, worse, bootstrap);
        assertEquals(-0.05, d.difference().value(), EPS);
        assertEquals(-0.05, d.difference().low(), EPS);  // every row gains the same: no noise left
        assertEquals(-0.05, d.difference().high(), EPS);
        assertEquals((0.15 + 0.25 + 0.09) / 3, d.againstMae(), EPS);
        assertEquals(-0.05 / d.againstMae(), d.relative(), EPS);
        assertTrue(d.betterBeyondNoise());
        // each model's own interval reaches into the other's: unpaired, the gain would look like noise
        Estimate a = ParameterMetrics.of(hand, bootstrap).mae(), b = ParameterMetrics.of(worse, bootstrap).mae();
        assertTrue(a.high() > b.low(), a.format(4) + " against " + b.format(4));
        // and the other way round: worse by the same amount
        PairedDifference back = PairedDifference.of(worse, hand, bootstrap);
        assertEquals(0.05, back.difference().value(), EPS);
        assertFalse(back.betterBeyondNoise());
    }

    @Test
    void aModelAgainstItselfDiffersByNothing() {
        Predictions hand = ParameterMetricsTest.handMade();
        PairedDifference d = PairedDifference.of(hand, hand.withPredictions("copy", hand.predicted()), Bootstrap.withSeed(7));
        assertEquals(new Estimate(0, 0, 0), d.difference());
        assertFalse(d.betterBeyondNoise());
    }

    @Test
    void modelsOnOtherRowsAreRefused() {
        Predictions hand = ParameterMetricsTest.handMade();
        Predictions other = new Predictions("other", List.of("a#0", "a#1", "c#0"), List.of("a", "a", "c"), hand.predicted(), hand.truth());
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(hand, other, Bootstrap.withSeed(1)));
    }
}

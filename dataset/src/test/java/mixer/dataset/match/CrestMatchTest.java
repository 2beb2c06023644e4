package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Match other's second stage for the ratio: read from the crests of two crops of one piece of synthetic music. */
class CrestMatchTest {

    static final double[] TRUE = LinearStagesTest.TRUE;
    static final double STEP = 1.0 / CrestMatch.RATIO_STEPS;

    @Test
    void theRatioIsReadFromTheOtherCropsCrestsAndBlendedEvenlyWithTheNetworks() {
        Audio track = SyntheticMusic.generate(16, 44_100, 21);
        int half = track.frames() / 2;
        Audio a = track.slice(0, half), b = track.slice(half, track.frames());
        CrestMatch.Trials other = CrestMatch.trials(List.of(a)), same = CrestMatch.trials(List.of(b));
        Param ratio = Param.COMP_RATIO;
        for (double truthRatio : new double[] {0.1, 0.5, 0.9}) {
            MixSettings truth = MixSettings.ofNormalized(TRUE).with(ratio, ratio.toPhysical(truthRatio));
            Audio reference = Renderer.render(b, truth, false);
            // the network's later stages a little off, its ratio at the middle
            MixSettings predicted = LinearStagesTest.laterMoved(0.03).with(ratio, ratio.toPhysical(0.5));
            // measured 2026-12-05: the grid's nearest step to the truth from either crop (0.083, 0.500, 0.917)
            double read = CrestMatch.readRatio(other, List.of(reference), predicted);
            assertEquals(truthRatio, read, STEP / 2 + 1e-9, "ratio " + truthRatio + " from the other crop");
            assertEquals(read, CrestMatch.readRatio(same, List.of(reference), predicted), 1e-12, "from the reference's own crop");
            MixSettings found = CrestMatch.estimate(other, List.of(reference), predicted);
            assertEquals(0.5 * read + 0.5 * 0.5, found.normalized(ratio), 1e-9, "the pair's reading and the network's, evenly");
            for (Param p : Param.all()) {
                if (p != ratio && p != Param.OUTPUT_LEVEL_DB) assertEquals(predicted.get(p), found.get(p), 0, p.id + " is the network's");
            }
            // the output level takes back what the new ratio adds to the loudness of the input's mix
            double lufs = CrestMatch.integratedLufs(List.of(a), predicted);
            assertEquals(lufs, CrestMatch.integratedLufs(List.of(a), found), 0.01, "the mix as loud as with the predicted ratio");
            if (Math.abs(read - 0.5) > STEP / 2) {
                assertNotEquals(predicted.get(Param.OUTPUT_LEVEL_DB), found.get(Param.OUTPUT_LEVEL_DB), "another ratio, another level");
            }
            if (truthRatio == 0.5) assertEquals(found, CrestMatch.estimate(a, reference, predicted), "one crop or a list of one");
        }
    }

    @Test
    void theGridIsTheSameHoweverItsTrialsAreScheduledAndSilenceKeepsThePrediction() {
        Audio x = SyntheticMusic.generate(2, 48_000, 5);
        double[][] once = CrestMatch.trials(List.of(x), 6, 4).quantiles(), again = CrestMatch.trials(List.of(x), 6, 4).quantiles();
        for (int t = 0; t < once.length; t++) assertArrayEquals(once[t], again[t], 0, "trial " + t);
        MixSettings predicted = MixSettings.ofNormalized(TRUE);
        Audio silence = Audio.silence(48_000, 48_000);
        assertEquals(predicted, CrestMatch.estimate(silence, Renderer.render(x, predicted, false), predicted), "a silent input");
        assertEquals(predicted, CrestMatch.estimate(x, silence, predicted), "a silent reference");
    }
}

package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.params.MixSettings;

/**
 * Match same's second stage: the settings a pair of one crop shows, started from a network's. The gain structure is read
 * with the network's later stages ({@link GainStructure}, a coarse grid), the later stages given that gain structure
 * ({@link LinearStages}), and the gain structure polished again with them: each half hears the other's stages better
 * than the network does.
 *
 * <p>Measured ({@code SecondStageProbe}, 24 training tracks of the default corpus, 10 s crops, settings drawn as for the
 * dataset, a network's settings simulated as the truth with Gaussian noise of 0.04 and the gain structure at the
 * middle; normalised MAE over all ten settings): the start 0.097, the gain structure 0.032, the later stages 0.010,
 * polished 0.0038, about 1.7 s a pair (a fourth step, the later stages again, 0.0036: not worth its time).
 */
public final class SecondStage {

    private SecondStage() {
    }

    /** {@code predicted} with every setting read from the pair; unchanged when the pair has no sound above the gate. */
    public static MixSettings estimate(Audio raw, Audio mixed, MixSettings predicted) {
        MixSettings gains = GainStructure.estimate(raw, mixed, predicted, GainStructure.COARSE);
        MixSettings later = LinearStages.estimate(raw, mixed, gains);
        return GainStructure.estimate(raw, mixed, later, GainStructure.POLISH);
    }
}

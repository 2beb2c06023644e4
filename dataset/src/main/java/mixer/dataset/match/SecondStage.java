package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.params.MixSettings;

import java.util.List;

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

    /**
     * The second stage from each of several starts (an ensemble's settings and its members'), the answer whose render
     * explains the pair best kept ({@link #bestFitting}).
     *
     * @return the answer kept and the index of the start it came from
     */
    public static Kept estimate(Audio raw, Audio mixed, List<MixSettings> starts) {
        List<MixSettings> answers = starts.parallelStream().map(start -> estimate(raw, mixed, start)).toList(); // in order, however run
        int best = bestFitting(raw, mixed, answers);
        return new Kept(answers.get(best), best);
    }

    /** What {@link #estimate(Audio, Audio, List)} kept: the settings and the index of the start they came from. */
    public record Kept(MixSettings settings, int start) {
    }

    /**
     * Of answers read from one pair, the index of the one whose render of the raw take is nearest the mix ({@link PairFit});
     * the first on a tie, so an ensemble's own answer is kept unless a member's explains the pair better.
     *
     * <p>Why: the search lands in another valley from another start (the later stages it undoes first differ), and the
     * chain itself can tell the valleys apart where the networks cannot. Measured on match same's validation split (the
     * models of the 46191e0 reproduce, {@code SecondStageCombinationProbe}): the ensemble's second stage 0.0145, the best
     * member's 0.0170; the best-fitting of the ensemble's and its three members' 0.0115 (all five, the descriptor MLP too,
     * 0.0103; the one nearest the truth, a bound, 0.0083), every parameter better; keeping the ensemble's unless another
     * fits 10 % or 50 % better gave 0.0107 and 0.0108 (of all five): a strict choice it is.
     */
    public static int bestFitting(Audio raw, Audio mixed, List<MixSettings> answers) {
        if (answers.isEmpty()) throw new IllegalArgumentException("no answers to choose from");
        int best = 0;
        double bestFit = answers.size() == 1 ? 0 : PairFit.of(raw, mixed, answers.get(0)).left();
        for (int i = 1; i < answers.size(); i++) {
            double fit = PairFit.of(raw, mixed, answers.get(i)).left();
            if (fit < bestFit) {
                best = i;
                bestFit = fit;
            }
        }
        return best;
    }
}

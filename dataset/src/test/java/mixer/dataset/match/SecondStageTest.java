package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every setting read from a pair of one crop, from a network's settings off on all ten, on synthetic music. */
class SecondStageTest {

    @Test
    void everySettingIsReadBackFromANetworksStart() {
        Audio x = SyntheticMusic.generate(6, 44_100, 5);
        Audio y = Renderer.render(x, MixSettings.ofNormalized(LinearStagesTest.TRUE), false);
        double[] start = LinearStagesTest.laterMoved(0.06).normalized();
        start[Param.INPUT_GAIN_DB.ordinal()] -= 0.25;
        start[Param.COMP_RATIO.ordinal()] += 0.25;
        MixSettings found = SecondStage.estimate(x, y, MixSettings.ofNormalized(start));
        // measured 2026-12-03: every one within 0.0065 of the truth (the mid and low EQs the worst)
        for (Param p : Param.all()) assertEquals(LinearStagesTest.TRUE[p.ordinal()], found.normalized(p), 0.02, p.id + ": " + found);
    }

    /** Of answers read from one pair, the one whose render explains the mix best is kept; on a tie the first. */
    @Test
    void ofSeveralAnswersTheOneThatExplainsThePairIsKept() {
        Audio x = SyntheticMusic.generate(6, 44_100, 5);
        MixSettings truth = MixSettings.ofNormalized(LinearStagesTest.TRUE);
        Audio y = Renderer.render(x, truth, false);
        MixSettings off = LinearStagesTest.laterMoved(0.1);
        assertEquals(1, SecondStage.bestFitting(x, y, List.of(off, truth)));
        assertEquals(0, SecondStage.bestFitting(x, y, List.of(truth, off)));
        assertEquals(0, SecondStage.bestFitting(x, y, List.of(truth, truth)), "a tie keeps the first (the ensemble's own)");
        assertEquals(0, SecondStage.bestFitting(x, y, List.of(off)));
    }

    /** From several starts (an ensemble's and its members'): one start is the second stage itself; more keep the best-fitting. */
    @Test
    void fromSeveralStartsTheBestFittingAnswerIsKept() {
        Audio x = SyntheticMusic.generate(6, 44_100, 5);
        Audio y = Renderer.render(x, MixSettings.ofNormalized(LinearStagesTest.TRUE), false);
        MixSettings near = LinearStagesTest.laterMoved(0.06), far = MixSettings.neutral();
        SecondStage.Kept one = SecondStage.estimate(x, y, List.of(near));
        assertEquals(0, one.start());
        assertEquals(SecondStage.estimate(x, y, near), one.settings(), "one start: the second stage from it");
        SecondStage.Kept kept = SecondStage.estimate(x, y, List.of(far, near));
        MixSettings fromFar = SecondStage.estimate(x, y, far), fromNear = SecondStage.estimate(x, y, near);
        double fitFar = PairFit.of(x, y, fromFar).left(), fitNear = PairFit.of(x, y, fromNear).left();
        assertEquals(fitNear < fitFar ? 1 : 0, kept.start(), "fits " + fitFar + " (far) and " + fitNear + " (near)");
        assertEquals(kept.start() == 1 ? fromNear : fromFar, kept.settings());
    }
}

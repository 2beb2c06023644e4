package mixer.evaluation;

import mixer.dataset.DatasetBuilder;
import mixer.dataset.FinishedLevel;
import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.Task;
import mixer.dataset.features.Refiner;
import mixer.dataset.match.PairFit;
import mixer.dataset.match.SecondStage;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.loudness.TruePeakMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.training.WeightedEnsemble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refinement in an evaluation. Blind restore: the sends refined, then the output level moved toward where finished
 * tracks peak, from the whole row's mix. Match same's second stage: each model's predictions read again from the rows'
 * pairs, and the ensemble's row the answer, of its own and its members', that explains the pair best (as `mixer
 * estimate` does).
 */
class RefinementTest {

    @TempDir
    Path dir;

    @Test
    void blindRefinementMovesTheOutputLevelTowardWhereFinishedTracksPeak() throws IOException {
        Manifest m = dataset(Task.RESTORE, 80, 2);
        List<Example> rows = m.split(Split.TEST);
        double[][] truth = rows.stream().map(Example::targets).toArray(double[][]::new), low = new double[truth.length][];
        Param out = Param.OUTPUT_LEVEL_DB;
        for (int i = 0; i < truth.length; i++) {
            low[i] = truth[i].clone();
            low[i][out.ordinal()] = Math.max(0, truth[i][out.ordinal()] - 0.25); // up to 6 dB too low
        }
        Predictions predicted = Predictions.of("baseline-cnn", rows.stream().map(Example::id).toList(), low, truth);
        Predictions refined = Refinement.refine(List.of(predicted), m, line -> { }).get(0);
        assertEquals("baseline-cnn + refine", refined.model());
        for (int i = 0; i < rows.size(); i++) {
            Audio heard = m.readAudio(rows.get(i), "audio");
            MixSettings sends = Refiner.refine(heard, predicted.predictedSettings(i)), done = refined.predictedSettings(i);
            double before = TruePeakMeter.measureDbtp(Renderer.render(heard, sends, false));
            double after = TruePeakMeter.measureDbtp(Renderer.render(heard, done, false));
            assertEquals(sends.get(Param.DELAY_SEND), done.get(Param.DELAY_SEND), 1e-9, "the sends as the refiner sets them");
            assertEquals(FinishedLevel.towardFinishedPeak(sends, before).get(out), done.get(out), 1e-3);
            assertTrue(Math.abs(after - FinishedLevel.MEDIAN_TRUE_PEAK_DBTP) < Math.abs(before - FinishedLevel.MEDIAN_TRUE_PEAK_DBTP) - 0.1
                    || done.get(out) == out.max, rows.get(i).id() + ": the mix peaks nearer finished tracks: " + before + " -> " + after);
        }
    }

    @Test
    void theEnsemblesSecondStageKeepsTheAnswerOfItsOwnAndItsMembersThatExplainsThePairBest() throws IOException {
        Manifest m = dataset(Task.MATCH_SAME, 60, 3);
        List<Example> rows = m.split(Split.TEST);
        List<String> ids = rows.stream().map(Example::id).toList();
        double[][] truth = rows.stream().map(Example::targets).toArray(double[][]::new);
        double[][] off = new double[truth.length][], neutral = new double[truth.length][];
        for (int i = 0; i < truth.length; i++) {
            off[i] = truth[i].clone();
            for (int j = 0; j < off[i].length; j++) off[i][j] = Math.min(1, Math.max(0, off[i][j] + (j % 2 == 0 ? 0.3 : -0.3)));
            neutral[i] = MixSettings.neutral().normalized();
        }
        Predictions ensemble = Predictions.of(WeightedEnsemble.NAME, ids, neutral, truth), near = Predictions.of("baseline-cnn", ids, truth, truth),
                far = Predictions.of("ast", ids, off, truth);
        List<Predictions> models = List.of(near, far, ensemble);

        List<Predictions> staged = Refinement.secondStage(models, List.of("baseline-cnn", "ast"), m, Task.MATCH_SAME, line -> { });
        assertEquals(List.of("baseline-cnn + second stage", "ast + second stage", "ensemble + second stage"),
                staged.stream().map(Predictions::model).toList());
        for (int i = 0; i < rows.size(); i++) {
            Audio raw = m.readAudio(rows.get(i), "audio"), mixed = m.readAudio(rows.get(i), Manifest.REFERENCE);
            List<MixSettings> answers = new ArrayList<>(); // the ensemble's own first: it is kept on a tie
            for (int k : new int[] {2, 0, 1}) answers.add(staged.get(k).predictedSettings(i));
            assertArrayEquals(SecondStage.estimate(raw, mixed, near.predictedSettings(i)).normalized(), staged.get(0).predicted()[i], 1e-6,
                    "a member's own row: the second stage from its prediction");
            MixSettings kept = answers.get(SecondStage.bestFitting(raw, mixed, answers));
            assertArrayEquals(kept.normalized(), staged.get(2).predicted()[i], 1e-12, ids.get(i) + ": fits " + answers.stream()
                    .map(a -> PairFit.of(raw, mixed, a).left()).toList());
        }

        // without members named, the ensemble's row is the second stage from its own prediction alone
        List<Predictions> alone = Refinement.secondStage(models, List.of(), m, Task.MATCH_SAME, line -> { });
        int changed = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (!java.util.Arrays.equals(alone.get(2).predicted()[i], staged.get(2).predicted()[i])) changed++;
        }
        assertTrue(changed >= 1, "from a neutral start beside a member's at the truth, a member's answer is kept somewhere");
        for (int i = 0; i < rows.size(); i++) {
            Audio raw = m.readAudio(rows.get(i), "audio"), mixed = m.readAudio(rows.get(i), Manifest.REFERENCE);
            assertArrayEquals(SecondStage.estimate(raw, mixed, ensemble.predictedSettings(i)).normalized(), alone.get(2).predicted()[i], 1e-6);
            assertArrayEquals(staged.get(0).predicted()[i], alone.get(0).predicted()[i], "a member's own row does not change");
        }
    }

    /** A dataset of {@code task} built from 4 tracks of 2.5 s of synthetic music (seeds from {@code firstSeed}), with at least 2 test rows. */
    private Manifest dataset(Task task, long firstSeed, int testRenders) throws IOException {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 4; i++) {
            AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, firstSeed + i), corpus.resolve("track" + i + ".wav"), SampleFormat.PCM_24);
        }
        new DatasetBuilder(new DatasetBuilder.Options(corpus, dir.resolve("ds"), task, 5, 2.0, testRenders, 1), line -> { }).build();
        Manifest m = Manifest.read(dir.resolve("ds/manifest.csv"));
        assertTrue(m.split(Split.TEST).size() >= 2, "test rows: " + m.split(Split.TEST).size());
        return m;
    }
}

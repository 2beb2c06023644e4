package mixer.cli;

import mixer.dataset.Task;
import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import mixer.evaluation.Refinement;
import mixer.evaluation.metrics.Bootstrap;
import mixer.evaluation.report.ReportData;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The verdict lines under evaluate's MAE table. */
class EvaluateTableTest {

    private static Predictions off(String model, List<String> ids, double[][] truth, double by) {
        double[][] p = new double[truth.length][];
        for (int i = 0; i < truth.length; i++) {
            p[i] = truth[i].clone();
            for (int j = 0; j < Param.COUNT; j++) p[i][j] = p[i][j] + (p[i][j] < 0.5 ? by : -by);
        }
        return Predictions.of(model, ids, p, truth);
    }

    /**
     * A match task without an ensemble said "target MAE 0.035: best model descriptor-mlp 0.2923 does not meet it" and
     * nothing of the second stage beside it (0.0452 in the table; seen by hand with one model trained), so a second stage
     * under the target read as a miss: the line of the best model's second stage follows.
     */
    @Test
    void withoutAnEnsembleTheSecondStagesVerdictIsPrintedToo() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        List<String> ids = new ArrayList<>();
        for (int t = 0; t < 12; t++) ids.add("track" + t + "#0");
        double[][] truth = new double[ids.size()][Param.COUNT];
        for (double[] row : truth) for (int j = 0; j < Param.COUNT; j++) row[j] = rng.nextDouble();
        ReportData data = ReportData.builder("match same", Bootstrap.withSeed(1)).task(Task.MATCH_SAME)
                .model(off("descriptor-mlp", ids, truth, 0.2))
                .model(off("descriptor-mlp" + Refinement.SECOND_STAGE, ids, truth, 0.02)).build();
        StringWriter text = new StringWriter();
        try (PrintWriter o = new PrintWriter(text)) {
            EvaluateCommand.printTable(data, "it needs at least two of its members", o);
        }
        String s = text.toString();
        assertTrue(s.contains("target MAE 0.035: best model descriptor-mlp 0.2000 does not meet it"), s);
        assertTrue(s.contains("target MAE 0.035: with the second stage, best model descriptor-mlp + second stage 0.0200 meets it"), s);
    }
}

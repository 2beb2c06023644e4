package mixer.evaluation.metrics;

import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;

/**
 * One model's MAE against another's on the same rows: the mean of the per-row differences of their MAEs (over the 10
 * parameters), with a paired bootstrap interval over tracks. Both models' rows of a drawn track are drawn together,
 * so what they share (a hard track is hard for both) cancels and the interval measures only how they differ: two
 * models whose own intervals overlap can still differ beyond the noise of the test split. The interval wholly below 0
 * is a gain beyond that noise (issue 14: "the ensemble better than its best member by more than its bootstrap noise").
 *
 * @param model      the model compared
 * @param against    the model it is compared with
 * @param difference MAE of {@code model} minus MAE of {@code against}, with its 95 % paired interval
 * @param againstMae MAE of {@code against} on the rows
 */
public record PairedDifference(String model, String against, Estimate difference, double againstMae) {

    /** The bootstrap stream of paired differences, apart from the streams of the per-model intervals. */
    static final long STREAM = 1000;

    /** {@code model}'s MAE minus {@code against}'s on the same rows (both must cover the same examples). */
    public static PairedDifference of(Predictions model, Predictions against, Bootstrap bootstrap) {
        model.requireSameExamples(against);
        double[] a = rowMae(model), b = rowMae(against);
        double[] d = new double[a.length];
        double sumB = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
            sumB += b[i];
        }
        return new PairedDifference(model.model(), against.model(), bootstrap.derive(STREAM).mean(d, model.trackIds()),
                sumB / b.length);
    }

    /** The difference relative to {@code against}'s MAE: -0.10 is a model 10 % better. */
    public double relative() {
        return difference.value() / againstMae;
    }

    /** Better than {@code against} beyond the test split's noise: the whole interval below 0. */
    public boolean betterBeyondNoise() {
        return difference.high() < 0;
    }

    /** Each row's MAE over the 10 parameters, normalised. */
    static double[] rowMae(Predictions p) {
        double[][] pred = p.predicted(), truth = p.truth();
        double[] out = new double[p.size()];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int j = 0; j < Param.COUNT; j++) s += Math.abs(pred[i][j] - truth[i][j]);
            out[i] = s / Param.COUNT;
        }
        return out;
    }
}

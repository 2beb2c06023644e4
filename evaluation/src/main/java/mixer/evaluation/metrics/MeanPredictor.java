package mixer.evaluation.metrics;

import mixer.dataset.SettingsSampler;
import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;

import java.util.Arrays;

/**
 * The baseline every model must beat: predict the training mean of each target, whatever the input.
 * For targets drawn uniformly on [0, 1] the mean is 0.5 and its expected MAE 0.25.
 */
public final class MeanPredictor {

    public static final String NAME = "mean";

    private final double[] means;

    private MeanPredictor(double[] means) {
        if (means.length != Param.COUNT) {
            throw new IllegalArgumentException("expected " + Param.COUNT + " means, got " + means.length);
        }
        for (Param p : Param.all()) p.checkNormalized(means[p.ordinal()]);
        this.means = means.clone();
    }

    /** The column means of normalised training targets ({@code [rows][10]}), e.g. a manifest of your own. */
    public static MeanPredictor fit(double[][] trainingTargets) {
        if (trainingTargets.length == 0) throw new IllegalArgumentException("no training targets to take the mean of");
        double[] m = new double[Param.COUNT];
        for (double[] row : trainingTargets) {
            if (row.length != Param.COUNT) {
                throw new IllegalArgumentException("a training target row has " + row.length + " values, expected " + Param.COUNT);
            }
            for (int j = 0; j < Param.COUNT; j++) m[j] += row[j] / trainingTargets.length;
        }
        return new MeanPredictor(m);
    }

    /**
     * The exact mean of the generated datasets' targets ({@link SettingsSampler}): 0.5 for every
     * parameter except stereo width, which is uniform on [normalised 0.05, 1] so its mean is the midpoint.
     * Generated training rows carry no targets (each epoch draws fresh ones), so this is the training mean.
     */
    public static MeanPredictor ofSampler() {
        double[] m = new double[Param.COUNT];
        Arrays.fill(m, 0.5);
        double minWidth = Param.STEREO_WIDTH.toNormalized(SettingsSampler.MIN_WIDTH);
        m[Param.STEREO_WIDTH.ordinal()] = (minWidth + 1) / 2;
        return new MeanPredictor(m);
    }

    public double mean(Param p) {
        return means[p.ordinal()];
    }

    public double[] means() {
        return means.clone();
    }

    /** The mean for every example of {@code like}, under the name {@value #NAME}. */
    public Predictions predict(Predictions like) {
        double[][] rows = new double[like.size()][];
        for (int i = 0; i < rows.length; i++) rows[i] = means.clone();
        return like.withPredictions(NAME, rows);
    }
}

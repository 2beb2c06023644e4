package mixer.training.models;

/**
 * An architecture's full-size training settings.
 *
 * @param epochs        passes over the training tracks (one fresh example per track and epoch)
 * @param batch         examples per gradient step
 * @param learningRate  Adam's initial step; it follows a cosine down to a twentieth by the last epoch
 * @param patience      epochs without a better validation MAE before training stops early
 */
public record TrainingDefaults(int epochs, int batch, double learningRate, int patience) {

    /**
     * The CNNs: at most 40 epochs; early stopping ended the baseline at epoch 28 (best 18), the
     * enhanced CNN used all 40 (best 39). About 6-9 s an epoch on a 2-core CPU (see the README).
     */
    public static final TrainingDefaults CNN = new TrainingDefaults(40, 16, 1e-3, 10);

    public TrainingDefaults {
        if (epochs < 1 || batch < 1 || !(learningRate > 0) || patience < 1) {
            throw new IllegalArgumentException("training defaults must be positive: epochs " + epochs + ", batch " + batch
                    + ", learning rate " + learningRate + ", patience " + patience);
        }
    }
}

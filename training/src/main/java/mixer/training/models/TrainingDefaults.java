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
     * The CNNs: at most 80 epochs. The learning rate anneals over them, so the cap matters even when
     * early stopping ends a run: with 40 the baseline stopped at 28 (validation 0.218), with 80 at 75
     * (0.209); the enhanced CNN improved to its last epoch in both (0.194, 0.185). About 6-9 s an
     * epoch on a 2-core CPU (see the README).
     */
    public static final TrainingDefaults CNN = new TrainingDefaults(80, 16, 1e-3, 10);

    public TrainingDefaults {
        if (epochs < 1 || batch < 1 || !(learningRate > 0) || patience < 1) {
            throw new IllegalArgumentException("training defaults must be positive: epochs " + epochs + ", batch " + batch
                    + ", learning rate " + learningRate + ", patience " + patience);
        }
    }
}

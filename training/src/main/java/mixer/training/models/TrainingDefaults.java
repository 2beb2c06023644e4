package mixer.training.models;

/**
 * A model's full-size training settings: the one place to adjust how long `mixer train` and
 * `mixer reproduce` train each model.
 *
 * @param epochs           at most this many epochs
 * @param examplesPerTrack fresh examples of each training track in an epoch (each its own crop and settings)
 * @param batch            examples per gradient step
 * @param learningRate     Adam's initial step; it follows a cosine down to a twentieth by the last epoch
 * @param patience         epochs without a better validation MAE before training stops early
 */
public record TrainingDefaults(int epochs, int examplesPerTrack, int batch, double learningRate, int patience) {

    /** Quick runs (`--quick`): a first look in minutes, one example per track and epoch. */
    static final int QUICK_EPOCHS = 4;

    public TrainingDefaults {
        if (epochs < 1 || examplesPerTrack < 1 || batch < 1 || !(learningRate > 0) || patience < 1) {
            throw new IllegalArgumentException("training defaults must be positive: epochs " + epochs + ", examples per track "
                    + examplesPerTrack + ", batch " + batch + ", learning rate " + learningRate + ", patience " + patience);
        }
    }

    /** The full-size settings of each model. */
    public static TrainingDefaults of(ModelKind kind) {
        return switch (kind) {
            case BASELINE_CNN, ENHANCED_CNN -> new TrainingDefaults(12, 8, 16, 1e-3, 3);
            case AST -> new TrainingDefaults(12, 8, 16, 1e-3, 3);
            case DESCRIPTOR_MLP -> new TrainingDefaults(12, 8, 32, 1e-3, 3);
        };
    }

    /** The settings of a quick run: a few epochs of one example per track. */
    public TrainingDefaults quick() {
        return new TrainingDefaults(Math.min(QUICK_EPOCHS, epochs), 1, batch, learningRate, QUICK_EPOCHS);
    }
}

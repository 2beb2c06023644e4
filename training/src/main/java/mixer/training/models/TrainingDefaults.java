package mixer.training.models;

import mixer.dataset.Task;

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

    /** Epochs without a better validation MAE before a full-size run stops (why 6: {@link #of}). */
    static final int PATIENCE = 6;

    public TrainingDefaults {
        if (epochs < 1 || examplesPerTrack < 1 || batch < 1 || !(learningRate > 0) || patience < 1) {
            throw new IllegalArgumentException("training defaults must be positive: epochs " + epochs + ", examples per track "
                    + examplesPerTrack + ", batch " + batch + ", learning rate " + learningRate + ", patience " + patience);
        }
    }

    /**
     * The full-size settings of each model for a task. Every task's validation MAE was still falling at 12 epochs; each
     * gets as many as `mixer reproduce` of the task can spend within an hour on a 2-core machine: match other 24 (its
     * epochs are the cheapest: at 6c71dea 24 took the baseline CNN from 0.1270 to 0.1206 on validation, the enhanced
     * CNN from 0.1219 to 0.1165, the AST from 0.1281 to 0.1175, still falling at 24), blind restore 36 (validation: the ensemble
     * 0.1417 with 12 at c8ffde0, 0.1319 with 24 at 9fac1e0; the baseline CNN 0.1523 -> 0.1412, the enhanced CNN
     * 0.1472 -> 0.1369; its reproduce took 45 minutes at 24; from 24 to 36 at 3e-3, on the reproduction's dataset of
     * 4622c56: baseline CNN 0.1401 -> 0.1358, enhanced CNN 0.1332 -> 0.1299, AST 0.1411 -> 0.1381, descriptor MLP
     * 0.1457 -> 0.1432, the ensemble on left-out validation tracks 0.1301 -> 0.1242; its four trainings 37 minutes
     * where 24 took 24), match same 12 (its run took 50 minutes at 12), estimate 12 (not measured at more).
     *
     * <p>Patience: 6 epochs, every task. Under the cosine schedule the last epochs take small steps and still gain:
     * with 3, blind restore's AST stopped at epoch 13 of 24 (best 10, validation 0.1517); with 6 it ran to 24 (best 22,
     * 0.1472) and the descriptor MLP to 24 (0.1515 -> 0.1512). Match other with 3 stopped its baseline CNN at 18 and
     * its descriptor MLP at 18; with 6 (2026-12-05, the dataset of 13d31ac's reproduce) they ran to 24: baseline CNN
     * 0.1206 -> 0.1180 (best 23), descriptor MLP 0.1367 -> 0.1355 (best 21), the enhanced CNN's best still epoch 19,
     * the AST never stopped; the ensemble on left-out validation tracks 0.1126 -> 0.1117 (on test 0.1291 -> 0.1288),
     * for about 6 more minutes (its reproduce 35.2 -> 41.0). (The AST there at 36 epochs: 0.1175 -> 0.1139 alone, the
     * ensemble 0.1117 -> 0.1108, for 5 more minutes: not taken, the three tasks' run stays within its 2.5 hours.)
     * Match same's models never stopped with 3 (each at its best in epoch 11 or 12 of 12, 339fa37), and the patience
     * only decides when to stop, so 6 trains them alike; estimate's was not measured with either.
     *
     * <p>Learning rate: 1e-3, blind restore 3e-3. Its 24 epochs left every model short at 1e-3: at 2e-3 (patience 6,
     * commit 5cd323b) validation went 0.1412 -> 0.1402 for the baseline CNN, 0.1369 -> 0.1342 for the enhanced CNN,
     * 0.1472 -> 0.1438 for the AST and 0.1512 -> 0.1471 for the descriptor MLP; at 3e-3 to 0.1401, 0.1332, 0.1411 and
     * 0.1457, the ensemble on left-out validation tracks 0.1350 (1e-3) -> 0.1336 (2e-3) -> 0.1301 (3e-3). Match other's
     * enhanced CNN at 3e-3 (patience 6) was worse by epoch 18 (0.1220 against 0.1179 at 1e-3), so the match tasks stay
     * at 1e-3 (2e-3 not measured there).
     */
    public static TrainingDefaults of(ModelKind kind, Task task) {
        int epochs = switch (task) {
            case RESTORE -> 36;
            case MATCH_OTHER -> 24;
            default -> 12;
        };
        double learningRate = task == Task.RESTORE ? 3e-3 : 1e-3;
        return switch (kind) {
            case BASELINE_CNN, ENHANCED_CNN, AST -> new TrainingDefaults(epochs, 8, 16, learningRate, PATIENCE);
            case DESCRIPTOR_MLP -> new TrainingDefaults(epochs, 8, 32, learningRate, PATIENCE);
        };
    }

    /** The settings of a quick run: a few epochs of one example per track. */
    public TrainingDefaults quick() {
        return new TrainingDefaults(Math.min(QUICK_EPOCHS, epochs), 1, batch, learningRate, QUICK_EPOCHS);
    }
}

package mixer.evaluation.report;

import mixer.training.EpochRecord;

import java.util.List;

/**
 * A model's training curve for the report: per epoch the loss, validation MAE (NaN for an epoch without
 * validation), seconds and learning rate, from the trainer's records ({@link EpochRecord}, which also reads
 * its history.csv).
 */
public record TrainingHistory(String model, int[] epoch, double[] trainLoss, double[] valMae, double[] seconds,
                              double[] lr) {

    /** The history a model bundle carries (the trainer's records of the run that made it). */
    public static TrainingHistory of(String model, List<EpochRecord> epochs) {
        int n = epochs.size();
        int[] epoch = new int[n];
        double[] loss = new double[n], mae = new double[n], sec = new double[n], lr = new double[n];
        for (int i = 0; i < n; i++) {
            EpochRecord r = epochs.get(i);
            epoch[i] = r.epoch();
            loss[i] = r.trainLoss();
            mae[i] = r.valMae();
            sec[i] = r.seconds();
            lr[i] = r.learningRate();
        }
        return new TrainingHistory(model, epoch, loss, mae, sec, lr);
    }

    /** The lowest validation MAE, ignoring epochs without one; NaN when there is none. */
    public double bestValMae() {
        double best = Double.NaN;
        for (double v : valMae) if (!Double.isNaN(v) && !(v >= best)) best = v;
        return best;
    }
}

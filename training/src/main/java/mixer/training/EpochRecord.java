package mixer.training;

import mixer.dsp.params.Param;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a run's history.
 *
 * @param epoch           1-based
 * @param trainLoss       mean L1 error per setting over the epoch's training batches (the network's
 *                        training-mode output, dropout on), comparable with {@code valMae}
 * @param valMae          validation MAE over rows and the 10 settings, normalised units
 * @param seconds         wall time of the epoch including validation
 * @param learningRate    Adam's step during the epoch
 * @param valMaePerParam  validation MAE of each setting, in {@link Param} order
 */
public record EpochRecord(int epoch, double trainLoss, double valMae, double seconds, double learningRate, double[] valMaePerParam) {

    public EpochRecord {
        if (valMaePerParam.length != Param.COUNT) throw new IllegalArgumentException("need " + Param.COUNT + " per-setting MAEs");
        valMaePerParam = valMaePerParam.clone();
    }

    /** The history CSV's header: epoch, train_loss, val_mae, seconds, learning_rate, then val_mae_&lt;setting&gt;. */
    public static String csvHeader() {
        List<String> h = new ArrayList<>(List.of("epoch", "train_loss", "val_mae", "seconds", "learning_rate"));
        for (Param p : Param.all()) h.add("val_mae_" + p.id);
        return String.join(",", h);
    }

    public String csvLine() {
        StringBuilder sb = new StringBuilder().append(epoch).append(',').append(trainLoss).append(',').append(valMae)
                .append(',').append(seconds).append(',').append(learningRate);
        for (double v : valMaePerParam) sb.append(',').append(v);
        return sb.toString();
    }

    public static String toCsv(List<EpochRecord> history) {
        StringBuilder sb = new StringBuilder(csvHeader()).append('\n');
        for (EpochRecord r : history) sb.append(r.csvLine()).append('\n');
        return sb.toString();
    }

    /** Reads what {@link #toCsv} wrote (values round-trip exactly). */
    public static List<EpochRecord> fromCsv(String csv) {
        List<EpochRecord> out = new ArrayList<>();
        String[] lines = csv.split("\n");
        if (lines.length == 0 || !lines[0].trim().equals(csvHeader())) {
            throw new IllegalArgumentException("not a mixer training history: the header should be " + csvHeader());
        }
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            String[] c = lines[i].trim().split(",");
            if (c.length != 5 + Param.COUNT) throw new IllegalArgumentException("history line " + (i + 1) + ": expected " + (5 + Param.COUNT) + " cells");
            double[] per = new double[Param.COUNT];
            for (int p = 0; p < per.length; p++) per[p] = Double.parseDouble(c[5 + p]);
            out.add(new EpochRecord(Integer.parseInt(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]),
                    Double.parseDouble(c[3]), Double.parseDouble(c[4]), per));
        }
        return out;
    }
}

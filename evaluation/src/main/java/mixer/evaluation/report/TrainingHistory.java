package mixer.evaluation.report;

import mixer.training.EpochRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trainer's history CSV: one row per epoch, columns {@code epoch, train_loss, val_mae, seconds} and
 * the learning rate as {@code learning_rate} (the trainer's name) or {@code lr}; more columns (the
 * trainer's val_mae_&lt;setting&gt;) are ignored. An empty cell reads as NaN (an epoch without validation).
 */
public record TrainingHistory(String model, int[] epoch, double[] trainLoss, double[] valMae, double[] seconds,
                              double[] lr) {

    public static final List<String> COLUMNS = List.of("epoch", "train_loss", "val_mae", "seconds");

    public static TrainingHistory read(String model, Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no training history there");
        List<CSVRecord> rows;
        String lrColumn;
        try (CSVParser p = CSVParser.parse(file, StandardCharsets.UTF_8,
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
            for (String c : COLUMNS) {
                if (!p.getHeaderMap().containsKey(c)) {
                    throw new IOException(file + ": no '" + c + "' column; a training history has the columns "
                            + String.join(", ", COLUMNS));
                }
            }
            lrColumn = p.getHeaderMap().containsKey("learning_rate") ? "learning_rate" : "lr";
            rows = p.getRecords();
        } catch (UncheckedIOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) throw new IOException(file + ": no epochs in this training history");
        int n = rows.size();
        int[] epoch = new int[n];
        double[] loss = new double[n], mae = new double[n], sec = new double[n], lr = new double[n];
        for (int i = 0; i < n; i++) {
            CSVRecord r = rows.get(i);
            long line = r.getRecordNumber() + 1; // +1 for the header
            epoch[i] = (int) number(file, line, r, "epoch");
            loss[i] = number(file, line, r, "train_loss");
            mae[i] = number(file, line, r, "val_mae");
            sec[i] = number(file, line, r, "seconds");
            lr[i] = number(file, line, r, lrColumn);
        }
        return new TrainingHistory(model, epoch, loss, mae, sec, lr);
    }

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

    private static double number(Path file, long line, CSVRecord r, String column) throws IOException {
        String v = r.isMapped(column) && r.isSet(column) ? r.get(column).trim() : "";
        if (v.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IOException(file + " line " + line + ": " + column + " = '" + v + "' is not a number");
        }
    }

    /** The lowest validation MAE, ignoring epochs without one; NaN when there is none. */
    public double bestValMae() {
        double best = Double.NaN;
        for (double v : valMae) if (!Double.isNaN(v) && !(v >= best)) best = v;
        return best;
    }
}

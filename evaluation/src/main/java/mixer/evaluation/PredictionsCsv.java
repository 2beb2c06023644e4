package mixer.evaluation;

import mixer.dsp.io.AtomicFiles;
import mixer.dsp.params.Param;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predictions of several models in one CSV, one row per model and example: {@code model, example_id,
 * track_id, true_<param>..., pred_<param>...} (normalised, full precision, so a round trip is exact).
 * Lets predicting (slow, needs the models) and reporting (fast) run apart.
 */
public final class PredictionsCsv {

    public static final List<String> COLUMNS;

    static {
        List<String> c = new ArrayList<>(List.of("model", "example_id", "track_id"));
        for (Param p : Param.all()) c.add("true_" + p.id);
        for (Param p : Param.all()) c.add("pred_" + p.id);
        COLUMNS = List.copyOf(c);
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').build();

    private PredictionsCsv() {
    }

    public static void write(Path file, List<Predictions> models) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter out = new CSVPrinter(w, FORMAT)) {
                out.printRecord(COLUMNS);
                for (Predictions p : models) {
                    double[][] truth = p.truth(), pred = p.predicted();
                    for (int i = 0; i < p.size(); i++) {
                        List<Object> row = new ArrayList<>(List.of(p.model(), p.exampleIds().get(i), p.trackIds().get(i)));
                        for (double v : truth[i]) row.add(v);
                        for (double v : pred[i]) row.add(v);
                        out.printRecord(row);
                    }
                }
            }
        });
    }

    /** The models in the order they first appear. */
    public static List<Predictions> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no predictions file there");
        Map<String, List<CSVRecord>> byModel = new LinkedHashMap<>();
        try (CSVParser p = CSVParser.parse(file, StandardCharsets.UTF_8,
                FORMAT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            for (String c : COLUMNS) {
                if (!p.getHeaderMap().containsKey(c)) {
                    throw new IOException(file + ": no '" + c + "' column; a predictions file has the columns model, "
                            + "example_id, track_id, true_<parameter>... and pred_<parameter>...");
                }
            }
            for (CSVRecord r : p) byModel.computeIfAbsent(r.get("model"), k -> new ArrayList<>()).add(r);
        } catch (UncheckedIOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        List<Predictions> out = new ArrayList<>();
        for (Map.Entry<String, List<CSVRecord>> e : byModel.entrySet()) {
            List<CSVRecord> rows = e.getValue();
            List<String> ids = new ArrayList<>(), tracks = new ArrayList<>();
            double[][] truth = new double[rows.size()][Param.COUNT], pred = new double[rows.size()][Param.COUNT];
            for (int i = 0; i < rows.size(); i++) {
                CSVRecord r = rows.get(i);
                ids.add(r.get("example_id"));
                tracks.add(r.get("track_id"));
                for (Param q : Param.all()) {
                    truth[i][q.ordinal()] = number(file, r, "true_" + q.id);
                    pred[i][q.ordinal()] = number(file, r, "pred_" + q.id);
                }
            }
            try {
                out.add(new Predictions(e.getKey(), ids, tracks, pred, truth));
            } catch (IllegalArgumentException ex) {
                throw new IOException(file + ": " + ex.getMessage(), ex);
            }
        }
        if (out.isEmpty()) throw new IOException(file + ": no predictions in this file");
        return out;
    }

    private static double number(Path file, CSVRecord r, String column) throws IOException {
        String v = r.get(column);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IOException(file + " line " + (r.getRecordNumber() + 1) + ": " + column + " = '" + v + "' is not a number");
        }
    }
}

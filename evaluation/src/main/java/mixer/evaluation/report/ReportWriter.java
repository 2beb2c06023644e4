package mixer.evaluation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import mixer.evaluation.ensemble.WeightedEnsemble;
import mixer.evaluation.metrics.AudioSummary;
import mixer.evaluation.metrics.ParameterMetrics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an evaluation report folder: report.md and report.html (the same tables and charts), results
 * CSVs and PNG charts: MAE per model with 95 % intervals and the target line, the per-parameter error
 * heat map, predicted vs true per parameter for each model, training curves and the ensemble weights.
 */
public final class ReportWriter {

    /** What a report shows. {@code histories}: model -> its history.csv (epoch, train_loss, val_mae, ...). */
    public record Content(String title, double targetMae, List<ParameterMetrics> metrics, Map<String, Predictions> predictions,
                          Map<String, Path> histories, WeightedEnsemble ensemble, List<AudioSummary> audio,
                          Map<String, Object> provenance) {
    }

    public static final List<String> CHARTS = List.of("mae_per_model.png", "error_heatmap.png", "training_curves.png", "ensemble_weights.png");

    private ReportWriter() {
    }

    /** Writes the report into {@code dir}; returns the chart files written. */
    public static List<Path> write(Content c, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> charts = new ArrayList<>();
        charts.add(save(maePerModel(c), dir.resolve("mae_per_model.png")));
        charts.add(save(heatMap(c), dir.resolve("error_heatmap.png")));
        charts.add(save(trainingCurves(c), dir.resolve("training_curves.png")));
        if (c.ensemble() != null) charts.add(save(ensembleWeights(c.ensemble()), dir.resolve("ensemble_weights.png")));
        for (Predictions p : c.predictions().values()) charts.add(saveImage(scatterGrid(p), dir.resolve("scatter_" + safe(p.model()) + ".png")));

        Table summary = summaryTable(c);
        Table perParam = perParameterTable(c, false);
        Table perParamPhysical = perParameterTable(c, true);
        Table audio = audioTable(c);
        Table weights = c.ensemble() == null ? null : weightsTable(c.ensemble());
        summary.write().csv(dir.resolve("results.csv").toFile());
        perParam.write().csv(dir.resolve("mae_per_parameter.csv").toFile());
        perParamPhysical.write().csv(dir.resolve("mae_per_parameter_physical.csv").toFile());
        audio.write().csv(dir.resolve("audio_metrics.csv").toFile());
        if (weights != null) weights.write().csv(dir.resolve("ensemble_weights.csv").toFile());
        AtomicFiles.writeString(dir.resolve("provenance.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(c.provenance()) + "\n");

        List<Section> sections = new ArrayList<>();
        sections.add(new Section("Results", verdict(c), summary, "mae_per_model.png"));
        sections.add(new Section("MAE per parameter (normalised)", "", perParam, "error_heatmap.png"));
        sections.add(new Section("MAE per parameter (physical units)", "", perParamPhysical, null));
        sections.add(new Section("Audio metrics", "Each test input rendered with the predicted settings (limiter off) and compared "
                + "with the finished original: multi-resolution STFT distance (spectral convergence + log-magnitude distance, "
                + "FFT 512/1024/2048), integrated-loudness error, and the share of tracks the mix brings closer to the original "
                + "than the raw input was.", audio, null));
        if (weights != null) sections.add(new Section("Ensemble weights", "Per parameter, non-negative, summing to one; fitted on the "
                + "validation split.", weights, "ensemble_weights.png"));
        sections.add(new Section("Training curves", "Validation MAE per epoch.", null, "training_curves.png"));
        for (Predictions p : c.predictions().values()) {
            sections.add(new Section("Predicted vs true: " + p.model(), "", null, "scatter_" + safe(p.model()) + ".png"));
        }
        AtomicFiles.writeString(dir.resolve("report.md"), markdown(c, sections));
        AtomicFiles.writeString(dir.resolve("report.html"), html(c, sections));
        return charts;
    }

    private record Section(String title, String text, Table table, String chart) {
    }

    private static String verdict(Content c) {
        ParameterMetrics ensemble = c.metrics().stream().filter(m -> m.model().equals(WeightedEnsemble.NAME)).findFirst().orElse(null);
        ParameterMetrics bestSingle = c.metrics().stream()
                .filter(m -> !m.model().equals(WeightedEnsemble.NAME) && !m.model().startsWith("mean"))
                .min((a, b) -> Double.compare(a.mae(), b.mae())).orElse(null);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Target: MAE %.3f (normalised).", c.targetMae()));
        if (ensemble != null) {
            s.append(String.format(Locale.ROOT, " The ensemble's MAE is %.4f (95 %% interval %.4f to %.4f): the target is %s.",
                    ensemble.mae(), ensemble.maeLow(), ensemble.maeHigh(), ensemble.mae() <= c.targetMae() ? "met" : "not met"));
            if (bestSingle != null) {
                s.append(String.format(Locale.ROOT, " Best single model: %s at %.4f; the ensemble is %.1f %% %s.", bestSingle.model(),
                        bestSingle.mae(), 100 * Math.abs(bestSingle.mae() - ensemble.mae()) / bestSingle.mae(),
                        ensemble.mae() <= bestSingle.mae() ? "lower" : "higher"));
            }
        }
        return s.toString();
    }

    // --- tables (Tablesaw) ---

    static Table summaryTable(Content c) {
        Table t = Table.create("results");
        StringColumn model = StringColumn.create("model");
        DoubleColumn mae = DoubleColumn.create("mae"), low = DoubleColumn.create("mae_ci_low"), high = DoubleColumn.create("mae_ci_high"),
                rmse = DoubleColumn.create("rmse"), median = DoubleColumn.create("median_abs_error");
        DoubleColumn rows = DoubleColumn.create("rows");
        for (ParameterMetrics m : c.metrics()) {
            model.append(m.model());
            mae.append(m.mae());
            low.append(m.maeLow());
            high.append(m.maeHigh());
            rmse.append(m.rmse());
            median.append(m.medianAbsError());
            rows.append(m.rows());
        }
        return t.addColumns(model, mae, low, high, rmse, median, rows);
    }

    static Table perParameterTable(Content c, boolean physical) {
        Table t = Table.create(physical ? "mae per parameter (physical)" : "mae per parameter");
        StringColumn param = StringColumn.create("parameter");
        for (Param p : Param.values()) param.append(physical ? p.id + " (" + p.unit + ")" : p.id);
        t.addColumns(param);
        for (ParameterMetrics m : c.metrics()) t.addColumns(DoubleColumn.create(m.model(), physical ? m.maePhysicalPerParam() : m.maePerParam()));
        return t;
    }

    static Table audioTable(Content c) {
        StringColumn model = StringColumn.create("model");
        DoubleColumn stft = DoubleColumn.create("mr_stft_distance"), lu = DoubleColumn.create("loudness_error_lu"),
                closer = DoubleColumn.create("share_closer_than_input"), tracks = DoubleColumn.create("tracks");
        for (AudioSummary a : c.audio()) {
            model.append(a.model());
            stft.append(a.meanStftDistance());
            lu.append(a.meanLoudnessErrorLu());
            closer.append(a.shareCloserThanInput());
            tracks.append(a.tracks());
        }
        return Table.create("audio metrics").addColumns(model, stft, lu, closer, tracks);
    }

    static Table weightsTable(WeightedEnsemble e) {
        StringColumn param = StringColumn.create("parameter");
        for (Param p : Param.values()) param.append(p.id);
        Table t = Table.create("ensemble weights").addColumns(param);
        for (int i = 0; i < e.members().size(); i++) t.addColumns(DoubleColumn.create(e.members().get(i), e.weights()[i]));
        return t;
    }

    // --- charts (XChart) ---

    static CategoryChart maePerModel(Content c) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title("Test MAE per model (95 % interval over tracks)")
                .xAxisTitle("model").yAxisTitle("MAE (normalised)").build();
        List<String> names = new ArrayList<>();
        List<Double> mae = new ArrayList<>(), err = new ArrayList<>(), target = new ArrayList<>();
        for (ParameterMetrics m : c.metrics()) {
            names.add(m.model());
            mae.add(m.mae());
            err.add(Math.max(m.mae() - m.maeLow(), m.maeHigh() - m.mae()));
            target.add(c.targetMae());
        }
        chart.addSeries("MAE", names, mae, err);
        CategorySeries line = chart.addSeries(String.format(Locale.ROOT, "target %.3f", c.targetMae()), names, target);
        line.setChartCategorySeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.RED);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setOverlapped(true);
        return chart;
    }

    static HeatMapChart heatMap(Content c) {
        HeatMapChart chart = new HeatMapChartBuilder().width(1000).height(120 + 45 * c.metrics().size())
                .title("Test MAE per parameter (normalised)").build();
        List<String> params = new ArrayList<>();
        for (Param p : Param.values()) params.add(p.id);
        List<String> models = c.metrics().stream().map(ParameterMetrics::model).toList();
        List<Number[]> cells = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            for (int j = 0; j < Param.COUNT; j++) cells.add(new Number[] {j, m, c.metrics().get(m).maePerParam()[j]});
        }
        chart.addSeries("mae", params, models, cells);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setPlotContentSize(1.0);
        return chart;
    }

    static XYChart trainingCurves(Content c) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title("Validation MAE during training").xAxisTitle("epoch")
                .yAxisTitle("validation MAE").build();
        for (Map.Entry<String, Path> e : c.histories().entrySet()) {
            if (!Files.exists(e.getValue())) continue;
            Table h = Table.read().csv(e.getValue().toFile());
            if (h.rowCount() == 0) continue;
            double[] epoch = h.numberColumn("epoch").asDoubleArray(), val = h.numberColumn("val_mae").asDoubleArray();
            XYSeries s = chart.addSeries(e.getKey(), epoch, val);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (chart.getSeriesMap().isEmpty()) chart.addSeries("no training history", new double[] {0}, new double[] {0});
        return chart;
    }

    static CategoryChart ensembleWeights(WeightedEnsemble e) {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(500).title("Ensemble weights per parameter")
                .xAxisTitle("parameter").yAxisTitle("weight").build();
        List<String> params = new ArrayList<>();
        for (Param p : Param.values()) params.add(p.id);
        for (int i = 0; i < e.members().size(); i++) {
            List<Double> w = new ArrayList<>();
            for (double v : e.weights()[i]) w.add(v);
            chart.addSeries(e.members().get(i), params, w);
        }
        chart.getStyler().setStacked(true);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setXAxisLabelRotation(30);
        return chart;
    }

    static BufferedImage scatterGrid(Predictions p) {
        int w = 320, h = 280;
        BufferedImage grid = new BufferedImage(5 * w, 2 * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        for (Param param : Param.values()) {
            int j = param.ordinal();
            XYChart chart = new XYChartBuilder().width(w).height(h).title(p.model() + ": " + param.id).xAxisTitle("true").yAxisTitle("predicted").build();
            double[] x = new double[p.size()], y = new double[p.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = p.truth()[i][j];
                y[i] = p.predicted()[i][j];
            }
            chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
            chart.getStyler().setMarkerSize(5);
            chart.addSeries("rows", x, y);
            XYSeries diagonal = chart.addSeries("y = x", new double[] {0, 1}, new double[] {0, 1});
            diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            diagonal.setMarker(SeriesMarkers.NONE);
            diagonal.setLineColor(Color.GRAY);
            g.drawImage(BitmapEncoder.getBufferedImage(chart), (j % 5) * w, (j / 5) * h, null);
        }
        g.dispose();
        return grid;
    }

    private static Path save(Chart<?, ?> chart, Path file) throws IOException {
        return saveImage(BitmapEncoder.getBufferedImage(chart), file);
    }

    private static Path saveImage(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            if (!javax.imageio.ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer");
        });
        return file;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    // --- documents ---

    private static String cell(Column<?> col, int row) {
        Object v = col.get(row);
        if (v instanceof Double d) return Double.isNaN(d) ? "" : String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.1f" : "%.4f", d);
        return String.valueOf(v);
    }

    private static String markdown(Content c, List<Section> sections) {
        StringBuilder s = new StringBuilder("# " + c.title() + "\n\n");
        for (Section sec : sections) {
            s.append("## ").append(sec.title()).append("\n\n");
            if (!sec.text().isEmpty()) s.append(sec.text()).append("\n\n");
            if (sec.table() != null) {
                Table t = sec.table();
                s.append("| ").append(String.join(" | ", t.columnNames())).append(" |\n|");
                s.append("---|".repeat(t.columnCount())).append('\n');
                for (int r = 0; r < t.rowCount(); r++) {
                    List<String> cells = new ArrayList<>();
                    for (Column<?> col : t.columns()) cells.add(cell(col, r));
                    s.append("| ").append(String.join(" | ", cells)).append(" |\n");
                }
                s.append('\n');
            }
            if (sec.chart() != null) s.append("![").append(sec.title()).append("](").append(sec.chart()).append(")\n\n");
        }
        s.append("## Provenance\n\n```\n").append(provenanceText(c)).append("```\n");
        return s.toString();
    }

    private static String html(Content c, List<Section> sections) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(c.title()))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}img{max-width:100%;border:1px solid #eee}</style>\n</head><body>\n");
        s.append("<h1>").append(escape(c.title())).append("</h1>\n");
        for (Section sec : sections) {
            s.append("<h2>").append(escape(sec.title())).append("</h2>\n");
            if (!sec.text().isEmpty()) s.append("<p>").append(escape(sec.text())).append("</p>\n");
            if (sec.table() != null) {
                Table t = sec.table();
                s.append("<table><tr>");
                for (String name : t.columnNames()) s.append("<th>").append(escape(name)).append("</th>");
                s.append("</tr>\n");
                for (int r = 0; r < t.rowCount(); r++) {
                    s.append("<tr>");
                    for (Column<?> col : t.columns()) s.append("<td>").append(escape(cell(col, r))).append("</td>");
                    s.append("</tr>\n");
                }
                s.append("</table>\n");
            }
            if (sec.chart() != null) s.append("<p><img src=\"").append(sec.chart()).append("\" alt=\"").append(escape(sec.title())).append("\"></p>\n");
        }
        s.append("<h2>Provenance</h2>\n<pre>").append(escape(provenanceText(c))).append("</pre>\n</body></html>\n");
        return s.toString();
    }

    private static String provenanceText(Content c) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(c.provenance()) + "\n";
        } catch (IOException e) {
            return c.provenance().toString() + "\n";
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

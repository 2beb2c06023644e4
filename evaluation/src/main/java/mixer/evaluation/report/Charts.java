package mixer.evaluation.report;

import mixer.dsp.io.PngFile;
import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import mixer.evaluation.metrics.Estimate;
import mixer.evaluation.metrics.ParameterMetrics;
import mixer.training.WeightedEnsemble;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report's PNG charts, drawn with XChart off screen (java.awt.headless; needs a font such as
 * fonts-dejavu-core on a bare machine). Each model keeps its colour in every chart (and, in the scatter, its marker).
 */
final class Charts {

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** Okabe–Ito colours (told apart with colour-blindness too); baselines are grey. */
    private static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x000000)};
    private static final Color BASELINE = new Color(0x999999);
    private static final Color TARGET = new Color(0xD62728);
    private static final BasicStroke DASHED = new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[] {8, 6}, 0);

    private final List<String> models;
    private final List<String> baselines;

    Charts(List<String> models, List<String> baselines) {
        this.models = models;
        this.baselines = baselines;
    }

    Color colour(String model) {
        if (baselines.contains(model)) return BASELINE;
        return PALETTE[candidateIndex(model) % PALETTE.length];
    }

    /** The scatter's marker: the ninth model on repeats the first ones' colours, so it gets the next shape. */
    Marker marker(String model) {
        return MARKERS[candidateIndex(model) / PALETTE.length % MARKERS.length];
    }

    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP};

    private int candidateIndex(String model) {
        List<String> candidates = models.stream().filter(m -> !baselines.contains(m)).toList();
        return Math.max(0, candidates.indexOf(model));
    }

    /** Bars of overall normalised MAE per model, its 95 % interval as a whisker, and the line (the target or the floor; may be null). */
    CategoryChart maePerModel(Map<String, ParameterMetrics> metrics, ReportData.Line line) {
        List<String> names = new ArrayList<>(metrics.keySet());
        List<Double> mae = new ArrayList<>(), base = new ArrayList<>();
        List<Estimate> intervals = new ArrayList<>();
        for (String m : names) {
            ParameterMetrics pm = metrics.get(m);
            // two overlapped bar series so baselines can be grey: each model is in one, zero in the other
            boolean isBaseline = baselines.contains(m);
            mae.add(isBaseline ? 0.0 : pm.mae().value());
            base.add(isBaseline ? pm.mae().value() : 0.0);
            intervals.add(pm.mae());
        }
        List<Bars> bars = new ArrayList<>(List.of(new Bars("MAE", mae, PALETTE[0])));
        if (names.stream().anyMatch(baselines::contains)) bars.add(new Bars("MAE, baseline", base, BASELINE));
        return maeBars("Parameter MAE per model (normalised), 95 % bootstrap interval over tracks", "model", names, bars,
                intervals, line);
    }

    /** One series of bars of an MAE chart: a value per category (zero where the category is another series'). */
    record Bars(String name, List<Double> values, Color colour) {
    }

    /**
     * An MAE bar chart (900 × 480, the y axis from 0): the bars, overlapped; each category's 95 % interval as a black
     * whisker (none where it is null or has no interval); the line dashed across (none when null); room above both.
     */
    static CategoryChart maeBars(String title, String xAxisTitle, List<String> names, List<Bars> bars,
                                 List<Estimate> intervals, ReportData.Line line) {
        CategoryChart c = new CategoryChart(900, 480);
        c.setTitle(title);
        c.setYAxisTitle("MAE (fraction of each range)");
        c.setXAxisTitle(xAxisTitle);
        style(c);
        c.getStyler().setOverlapped(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisDecimalPattern("0.000");
        c.getStyler().setAvailableSpaceFill(0.55);
        c.getStyler().setErrorBarsColor(Color.BLACK);
        c.getStyler().setErrorBarsColorSeriesColor(false);
        List<Double> mid = new ArrayList<>(), half = new ArrayList<>();
        double top = line == null ? 0 : line.mae();
        for (Estimate e : intervals) {
            boolean interval = e != null && !Double.isNaN(e.low()) && !Double.isNaN(e.high());
            // XChart's error bars are symmetric (and take no nulls): the (possibly asymmetric) interval around its midpoint
            double v = e == null ? 0 : e.value();
            mid.add(interval ? (e.low() + e.high()) / 2 : v);
            half.add(interval ? (e.high() - e.low()) / 2 : 0.0);
            top = Math.max(top, interval ? e.high() : v);
        }
        c.getStyler().setYAxisMax(top * 1.15);
        for (Bars b : bars) c.addSeries(b.name(), names, b.values()).setFillColor(b.colour());
        CategorySeries whiskers = c.addSeries("95 % interval", names, mid, half);
        whiskers.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        whiskers.setMarker(SeriesMarkers.NONE);
        whiskers.setMarkerColor(Color.BLACK);
        whiskers.setLineColor(Color.BLACK);
        if (line != null) {
            CategorySeries s = c.addSeries(line.label(), names, names.stream().map(n -> line.mae()).toList());
            s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(TARGET);
            s.setLineStyle(DASHED);
        }
        return c;
    }

    /** Models × parameters, normalised MAE in each cell. */
    HeatMapChart errorHeatMap(Map<String, ParameterMetrics> metrics) {
        List<String> names = new ArrayList<>(metrics.keySet());
        java.util.Collections.reverse(names); // the y axis runs upwards: first model on top
        // the theme constructor: HeatMapChart(w, h) leaves fonts and colours unset (no axes, no title)
        HeatMapChart c = new HeatMapChart(1100, 190 + 48 * names.size(), Styler.ChartTheme.XChart);
        c.setTitle("MAE per parameter (normalised)");
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setShowValue(true);
        c.getStyler().setValueFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13)); // XChart has no default
        c.getStyler().setValueFontColor(Color.BLACK);
        c.getStyler().setHeatMapValueDecimalPattern("0.000");
        c.getStyler().setXAxisLabelRotation(30);
        c.getStyler().setRangeColors(new Color[] {new Color(0xFFF5EB), new Color(0xFDAE6B), new Color(0xE6550D)});
        c.getStyler().setMin(0);
        List<String> params = Param.all().stream().map(p -> p.id).toList();
        List<Number[]> cells = new ArrayList<>();
        double max = 0;
        for (int y = 0; y < names.size(); y++) {
            ParameterMetrics pm = metrics.get(names.get(y));
            for (Param p : Param.all()) {
                double v = pm.mae(p).value();
                cells.add(new Number[] {p.ordinal(), y, v});
                max = Math.max(max, v);
            }
        }
        c.getStyler().setMax(max > 0 ? Math.ceil(max * 100) / 100 : 1); // a round number on the colour scale
        c.addSeries("MAE", params, names, cells);
        return c;
    }

    /** One predicted-vs-true panel per parameter (normalised), every non-baseline model, and y = x. */
    List<XYChart> scatter(List<Predictions> predictions) {
        List<XYChart> charts = new ArrayList<>();
        List<Predictions> shown = predictions.stream().filter(p -> !baselines.contains(p.model())).toList();
        for (Param p : Param.all()) {
            XYChart c = new XYChart(340, 320);
            c.setTitle(p.id);
            c.setXAxisTitle("true");
            c.setYAxisTitle("predicted");
            style(c);
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            c.getStyler().setMarkerSize(5);
            c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
            c.getStyler().setLegendVisible(p.ordinal() == 0);
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(13f));
            XYSeries ideal = c.addSeries("y = x", new double[] {0, 1}, new double[] {0, 1});
            ideal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            ideal.setMarker(SeriesMarkers.NONE);
            ideal.setLineColor(Color.GRAY);
            for (Predictions pr : shown) {
                double[] x = new double[pr.size()], y = new double[pr.size()];
                for (int i = 0; i < pr.size(); i++) {
                    x[i] = pr.truth(i, p);
                    y[i] = pr.predicted(i, p);
                }
                XYSeries s = c.addSeries(pr.model(), x, y);
                s.setMarker(marker(pr.model()));
                s.setMarkerColor(translucent(colour(pr.model())));
            }
            charts.add(c);
        }
        return charts;
    }

    /** Training loss (left) and validation MAE with the line (the target or the floor; may be null) (right) against epoch. */
    List<XYChart> trainingCurves(List<TrainingHistory> histories, ReportData.Line line) {
        XYChart loss = new XYChart(620, 420);
        loss.setTitle("Training loss");
        loss.setXAxisTitle("epoch");
        loss.setYAxisTitle("train_loss");
        XYChart mae = new XYChart(620, 420);
        mae.setTitle("Validation MAE (normalised)");
        mae.setXAxisTitle("epoch");
        mae.setYAxisTitle("val_mae");
        double lossMin = Double.POSITIVE_INFINITY, lossMax = 0;
        double firstEpoch = Double.POSITIVE_INFINITY, lastEpoch = Double.NEGATIVE_INFINITY;
        for (TrainingHistory h : histories) {
            double[] epochs = Arrays.stream(h.epoch()).asDoubleStream().toArray();
            for (double e : epochs) {
                firstEpoch = Math.min(firstEpoch, e);
                lastEpoch = Math.max(lastEpoch, e);
            }
            for (double v : h.trainLoss()) {
                if (Double.isNaN(v)) continue;
                lossMin = Math.min(lossMin, v);
                lossMax = Math.max(lossMax, v);
            }
            XYSeries l = loss.addSeries(h.model(), epochs, h.trainLoss());
            l.setLineColor(colour(h.model()));
            l.setMarkerColor(colour(h.model()));
            XYSeries m = mae.addSeries(h.model(), epochs, h.valMae());
            m.setLineColor(colour(h.model()));
            m.setMarkerColor(colour(h.model()));
        }
        if (line != null) {
            XYSeries goal = mae.addSeries(line.label(), new double[] {firstEpoch, lastEpoch}, new double[] {line.mae(), line.mae()});
            goal.setMarker(SeriesMarkers.NONE);
            goal.setLineColor(TARGET);
            goal.setLineStyle(DASHED);
        }
        for (XYChart c : List.of(loss, mae)) {
            style(c);
            c.getStyler().setMarkerSize(4);
        }
        // a log axis only when the loss spans more than a decade (XChart labels only powers of ten)
        loss.getStyler().setYAxisLogarithmic(lossMin > 0 && lossMax / lossMin > 10);
        loss.getStyler().setYAxisDecimalPattern("0.0##");
        mae.getStyler().setYAxisMin(0.0);
        mae.getStyler().setYAxisDecimalPattern("0.00"); // XChart's default prints 0.05 as ".05"
        return List.of(loss, mae);
    }

    /** Stacked bars: each parameter's weights, summing to one. */
    CategoryChart ensembleWeights(WeightedEnsemble e) {
        CategoryChart c = new CategoryChart(1000, 500);
        c.setTitle("Ensemble weights per parameter (fitted on the validation split)");
        c.setYAxisTitle("weight");
        style(c);
        c.getStyler().setStacked(true);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        c.getStyler().setXAxisLabelRotation(30);
        List<String> params = Param.all().stream().map(p -> p.id).toList();
        for (String m : e.models()) {
            List<Double> w = Param.all().stream().map(p -> e.weight(m, p)).toList();
            c.addSeries(m, params, w).setFillColor(colour(m));
        }
        return c;
    }

    static void write(Chart<?, ?> chart, Path file) throws IOException {
        PngFile.write(BitmapEncoder.getBufferedImage(chart), file, text(List.of(chart)));
    }

    /** Charts side by side, {@code columns} to a row, each at its own size (all the size of the first). */
    static <T extends Chart<?, ?>> void writeGrid(List<T> charts, int rows, int columns, Path file) throws IOException {
        int width = charts.get(0).getWidth();
        int height = charts.get(0).getHeight();
        BufferedImage grid = new BufferedImage(width * columns, height * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % columns) * width, (i / columns) * height, null);
            }
        } finally {
            g.dispose();
        }
        PngFile.write(grid, file, text(charts));
    }

    /** What a report's chart says of itself: its title, and where the rest of its provenance is. */
    private static Map<String, String> text(List<? extends Chart<?, ?>> charts) {
        String titles = charts.stream().map(Chart::getTitle).filter(t -> t != null && !t.isBlank()).collect(Collectors.joining("; "));
        Map<String, String> text = new java.util.LinkedHashMap<>(); // in this order in every run: the same bytes
        text.put("Title", titles);
        text.put("Comment", "a chart of a mixer evaluation report; the report's "
                + ReportWriter.PROVENANCE + " says how it was made");
        return text;
    }

    private static void style(Chart<?, ?> c) {
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendBorderColor(Color.LIGHT_GRAY);
        if (c instanceof XYChart xy) {
            xy.getStyler().setPlotGridLinesColor(new Color(0xE0E0E0));
            xy.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        } else if (c instanceof CategoryChart cat) {
            cat.getStyler().setPlotGridLinesColor(new Color(0xE0E0E0));
            cat.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        }
    }

    private static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 150);
    }
}

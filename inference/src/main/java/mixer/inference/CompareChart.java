package mixer.inference;

import mixer.dsp.io.PngFile;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart of {@code mixer compare}: the settings each model chose (normalised, so all ten share one
 * axis; the neutral chain for comparison) above the song's spectrum before and after each model's mix, and the
 * reference's where the mixes went toward one.
 * One PNG, written atomically.
 */
public final class CompareChart {

    public static final int WIDTH = 1200;
    public static final int HEIGHT_EACH = 480;

    private CompareChart() {
    }

    /**
     * @param settings per model, the settings it applied
     * @param before   the song's spectrum
     * @param after    per model, the spectrum of its mix
     * @param reference the spectrum of the reference the mixes went toward, heard at the song's rate; null for none
     * @param madeBy    how the comparison was made (the song's and models' files, windows, limiter, reference), for the
     *                  PNG's "Source" text: a chart of 1 window and one of 16 said the same
     */
    public static void write(Path png, String song, Map<String, MixSettings> settings, Spectrum before,
                             Map<String, Spectrum> after, Spectrum reference, String madeBy) throws IOException {
        CategoryChart bars = settingsChart(song, settings);
        XYChart spectra = spectrumChart(before, after, reference);
        BufferedImage image = new BufferedImage(WIDTH, 2 * HEIGHT_EACH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            bars.paint(g, WIDTH, HEIGHT_EACH);
            g.translate(0, HEIGHT_EACH);
            spectra.paint(g, WIDTH, HEIGHT_EACH);
        } finally {
            g.dispose();
        }
        Map<String, String> text = new LinkedHashMap<>(); // in this order in every run: the same bytes
        text.put("Title", "mixer compare: " + song);
        text.put("Comment", "the settings each model chose (" + String.join(", ", settings.keySet())
                + ") and the spectra before and after" + (reference == null ? "" : " and the reference's"));
        text.put("Source", madeBy);
        PngFile.write(image, png, text);
    }

    static CategoryChart settingsChart(String song, Map<String, MixSettings> settings) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT_EACH)
                .title("Settings per model: " + song).xAxisTitle("parameter").yAxisTitle("normalised value (0 … 1 of its range)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        c.getStyler().setXAxisLabelRotation(20);
        c.getStyler().setYAxisDecimalPattern("0.0");
        List<String> names = Param.all().stream().map(p -> p.id).toList();
        Map<String, MixSettings> all = new LinkedHashMap<>();
        all.put("neutral", MixSettings.neutral());
        all.putAll(settings);
        for (Map.Entry<String, MixSettings> e : all.entrySet()) {
            List<Double> v = Arrays.stream(e.getValue().normalized()).boxed().toList();
            c.addSeries(e.getKey(), names, v);
        }
        return c;
    }

    static XYChart spectrumChart(Spectrum before, Map<String, Spectrum> after, Spectrum reference) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT_EACH)
                .title("Average spectrum of the mid signal, before and after").xAxisTitle("frequency (Hz)")
                .yAxisTitle("level (dB re full-scale sine)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setXAxisDecimalPattern("#,##0");
        c.getStyler().setMarkerSize(0);
        double floor = Double.POSITIVE_INFINITY;
        List<Spectrum> everything = new ArrayList<>(after.values());
        everything.add(before);
        if (reference != null) everything.add(reference);
        for (Spectrum s : everything) for (double d : s.db()) if (d > Spectrum.FLOOR_DB) floor = Math.min(floor, d);
        if (Double.isFinite(floor)) c.getStyler().setYAxisMin(Math.max(floor, -120));
        XYSeries in = c.addSeries("input", before.bandHz(), before.db());
        in.setMarker(SeriesMarkers.NONE);
        in.setLineWidth(3f);
        if (reference != null) { // what the mixes aimed at: drawn like the input, so that each mix is seen between them
            XYSeries ref = c.addSeries("reference", reference.bandHz(), reference.db());
            ref.setMarker(SeriesMarkers.NONE);
            ref.setLineWidth(3f);
        }
        for (Map.Entry<String, Spectrum> e : after.entrySet()) {
            c.addSeries(e.getKey(), e.getValue().bandHz(), e.getValue().db()).setMarker(SeriesMarkers.NONE);
        }
        return c;
    }
}

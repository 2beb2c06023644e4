package mixer.inference;

import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.PngFile;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.training.ConstantPredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SpectrumAndChartTest {

    @TempDir
    Path dir;

    /** The level of the band whose centre is nearest to {@code hz}. */
    private static double dbAt(Spectrum spectrum, double hz) {
        double[] bandHz = spectrum.bandHz();
        int best = 0;
        for (int b = 1; b < bandHz.length; b++) {
            if (Math.abs(Math.log(bandHz[b] / hz)) < Math.abs(Math.log(bandHz[best] / hz))) best = b;
        }
        return spectrum.db()[best];
    }

    @Test
    void aFullScaleSineReadsZeroDbInItsBandAndLittleElsewhere() {
        int rate = 48_000;
        float[] s = new float[rate * 2];
        for (int n = 0; n < s.length; n++) s[n] = (float) Math.sin(2 * Math.PI * 1000 * n / rate);
        Spectrum sp = Spectrum.of(new Audio(new float[][] {s, s.clone()}, rate));
        assertEquals(0, dbAt(sp, 1000), 1.5, "a 1/6-octave band holds the whole sine");
        assertTrue(dbAt(sp, 4000) < -60, "two octaves away: Hann sidelobes only, " + dbAt(sp, 4000));
        assertTrue(sp.bandHz()[sp.bandHz().length - 1] < rate / 2.0);
    }

    @Test
    void compareRunsEachModelAndTheChartIsAPng() throws Exception {
        Audio song = SyntheticMusic.generate(3.2, 44_100, 8);
        MixSettings bright = MixSettings.neutral().with(Param.HIGH_EQ_DB, 9).with(Param.AIR_DB, 6);
        Comparison c = Comparison.of(song, 2, List.of(new ConstantPredictor("bright", bright),
                new TestPredictors.FromDescriptors()), MixOptions.DEFAULT.withLimiter(false), 16, null);
        assertEquals(2, c.entries().size());
        Comparison.Entry b = c.entries().get(0);
        assertEquals(bright, b.mix().applied());
        double lift = dbAt(b.spectrum(), 8000) - dbAt(c.inputSpectrum(), 8000);
        assertEquals(9, lift, 1.5, "the 4 kHz shelf at +9 dB lifts 8 kHz by about 9 dB");
        assertEquals(0, dbAt(b.spectrum(), 60) - dbAt(c.inputSpectrum(), 60), 0.5, "and leaves the bass alone");
        assertTrue(b.loudness().integratedLufs() > c.inputLoudness().integratedLufs());

        Map<String, MixSettings> settings = new LinkedHashMap<>();
        Map<String, Spectrum> spectra = new LinkedHashMap<>();
        for (Comparison.Entry e : c.entries()) {
            settings.put(e.prediction().model(), e.mix().applied());
            spectra.put(e.prediction().model(), e.spectrum());
        }
        Path png = dir.resolve("compare.png");
        CompareChart.write(png, "song.wav", settings, c.inputSpectrum(), spectra, null, "windows 16");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(CompareChart.WIDTH, img.getWidth());
        assertEquals(2 * CompareChart.HEIGHT_EACH, img.getHeight());
        assertEquals(List.of("input", "bright", spectra.keySet().toArray()[1]),
                List.copyOf(CompareChart.spectrumChart(c.inputSpectrum(), spectra, null).getSeriesMap().keySet()));

        // toward a reference, its spectrum is drawn beside the input's (the chart showed the mixes only)
        Spectrum reference = Spectrum.of(SyntheticMusic.generate(3.2, 44_100, 9));
        assertTrue(CompareChart.spectrumChart(c.inputSpectrum(), spectra, reference).getSeriesMap().containsKey("reference"));
        CompareChart.write(png, "song.wav", settings, c.inputSpectrum(), spectra, reference, "windows 1");
        assertEquals(2 * CompareChart.HEIGHT_EACH, ImageIO.read(png.toFile()).getHeight());
        Map<String, String> text = PngFile.text(png); // the chart names what made it, the song and the models
        assertTrue(text.get(PngFile.SOFTWARE).startsWith("mixer "), text.toString());
        assertEquals("mixer compare: song.wav", text.get("Title"));
        assertTrue(text.get("Comment").contains("bright") && text.get("Comment").endsWith("and the reference's"), text.toString());
        assertEquals("windows 1", text.get("Source"), "how it was made: a chart of 1 window and one of 16 said the same");
        assertEquals(List.of(PngFile.SOFTWARE, "Title", "Comment", "Source"), List.copyOf(text.keySet()), "one order: the same bytes");
    }
}

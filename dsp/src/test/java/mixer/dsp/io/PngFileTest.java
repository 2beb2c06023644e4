package mixer.dsp.io;

import mixer.dsp.provenance.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PngFileTest {

    @TempDir
    Path dir;

    @Test
    void aChartSaysWhatMadeItInAnyLanguage() throws IOException {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0xFF8800);
        Path png = dir.resolve("new/chart.png"); // its folder made, as for every file mixer writes
        PngFile.write(image, png, Map.of("Title", "mixer compare: Ölmühle — 夜.wav"));

        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(40, back.getWidth());
        assertEquals(0xFF8800, back.getRGB(3, 4) & 0xFFFFFF, "the pixels as drawn");
        Map<String, String> text = PngFile.text(png);
        assertEquals(Provenance.now().software(), text.get(PngFile.SOFTWARE));
        assertEquals("mixer compare: Ölmühle — 夜.wav", text.get("Title"), "UTF-8 text (iTXt), not Latin-1");
        try (var files = Files.list(png.getParent())) {
            assertEquals(1, files.count(), "no part file left beside it");
        }
    }

    @Test
    void aPngWithoutTextHasNone() throws IOException {
        Path png = dir.resolve("plain.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        assertEquals(Map.of(), PngFile.text(png));
    }
}

package mixer.evaluation.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens the tiny report's HTML in headless Chromium and checks the screenshot shows the charts: the
 * page is chart-coloured in places (text alone is black and grey). Skipped, saying so, without a
 * Chromium on PATH (Debian: apt-get install chromium-headless-shell).
 */
class ReportScreenshotTest {

    private static final List<String> BROWSERS = List.of("chromium-headless-shell", "chromium", "chromium-browser",
            "google-chrome", "google-chrome-stable");

    @Test
    void theHtmlShowsItsChartsInABrowser(@TempDir Path work) throws Exception {
        Optional<Path> browser = findBrowser();
        Assumptions.assumeTrue(browser.isPresent(), "no Chromium on PATH (looked for " + BROWSERS
                + "): the report's HTML was not checked in a browser");
        Path dir = work.resolve("report");
        new ReportWriter().write(dir, TinyRun.build(work));
        Path shot = dir.resolve("screenshot.png");
        Files.deleteIfExists(shot);
        Process p = new ProcessBuilder(browser.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--window-size=1280,2400", "--screenshot=" + shot,
                dir.resolve(ReportWriter.HTML).toUri().toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("browser.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the browser did not finish in 2 minutes");
        assertEquals(0, p.exitValue(), () -> "browser failed: " + read(work.resolve("browser.log")));
        BufferedImage img = ImageIO.read(shot.toFile());
        assertNotNull(img, "no screenshot written");
        // the MAE chart's blue bars and the red target line are on the first screen; count such pixels
        int coloured = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) coloured++;
            }
        }
        assertTrue(coloured > 5_000, "only " + coloured + " coloured pixels (of a quarter sample): are the charts showing?");
    }

    private static Optional<Path> findBrowser() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : BROWSERS) {
            for (String d : path.split(File.pathSeparator)) {
                Path f = Path.of(d, name);
                if (Files.isExecutable(f)) return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}

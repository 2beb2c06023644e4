package mixer.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A manifest saved by a spreadsheet as "CSV UTF-8" starts with a byte order mark; its header still names every column. */
class ManifestByteOrderMarkTest {

    @TempDir
    Path dir;

    @Test
    void aManifestWithAByteOrderMarkIsRead() throws IOException {
        String header = String.join(",", Manifest.COLUMNS);
        String row = "song#0,validation,a.wav,a.wav,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,1";
        Path file = dir.resolve("manifest.csv");
        Files.writeString(file, "\uFEFF" + header + "\n" + row + "\n");
        Manifest m = Manifest.read(file);
        assertEquals(1, m.examples().size());
        assertEquals("song#0", m.examples().get(0).id());
        assertEquals(2, m.line(m.examples().get(0)));
    }
}

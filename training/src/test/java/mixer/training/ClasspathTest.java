package mixer.training;

import mixer.dataset.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The libraries training brings do not shadow what the dataset needs (DL4J's commons-io 2.7 broke Manifest.read here). */
class ClasspathTest {

    @Test
    void aManifestReadsWithTrainingsDependencies(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("manifest.csv");
        Files.writeString(file, String.join(",", Manifest.COLUMNS) + "\n"
                + "a/t,train,a.wav,a.wav,,,,,,,,,,,7\n");
        assertEquals(1, Manifest.read(file).examples().size());
    }
}

package mixer.scale;

import mixer.training.Cluster;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

/** A standalone master that does not answer is named, with why, before Spark tries (it took a minute and blamed its metrics). */
class SparkMasterTest {

    @Test
    void anUnreachableMasterIsNamedWithWhy() {
        IOException e = assertThrows(IOException.class, () -> Cluster.connect("spark://127.0.0.1:1", line -> { }).close());
        assertTrue(e.getMessage().contains("could not reach the Spark master at spark://127.0.0.1:1")
                && e.getMessage().contains("Connection refused"), e.getMessage());
    }
}

package mixer.training;

import mixer.training.models.ModelKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Same seed, same data, same machine: the same model, as {@code mixer train} runs it. Each run is a
 * fresh JVM that picks the CPU library as the CLI does (oneDNN where the processor can run it; this
 * JVM's tests run on the generic one) with two OpenMP threads (the CLI uses the machine's cores; the
 * tests' JVM has one), so the multi-threaded oneDNN convolutions, pooling and reductions are the ones
 * checked. Seed 0 is the edge: ND4J's generator read it as "seed from the clock".
 */
class SameSeedSameModelTest {

    @TempDir
    Path dir;

    @Test
    void twoRunsGiveIdenticalWeightsAndHistories() throws Exception {
        String first = train(dir.resolve("a"), 0, 2), second = train(dir.resolve("b"), 0, 2);
        String expected = CpuLibrary.canRunOneDnn(CpuLibrary.cpuFlags()) ? "onednn-avx2" : "generic";
        assertTrue(first.contains("nd4j-native " + expected + ", 2 threads"), first);
        for (ModelKind kind : new ModelKind[] {ModelKind.BASELINE_CNN, ModelKind.ENHANCED_CNN}) {
            INDArray a = weights(dir.resolve("a"), kind), b = weights(dir.resolve("b"), kind);
            assertEquals(a, b, kind.id() + ": largest difference " + a.sub(b).amaxNumber());
            assertEquals(0.0, a.sub(b).amaxNumber().doubleValue(), kind.id() + ": bit for bit, not within a tolerance");
            assertEquals(history(dir.resolve("a"), kind), history(dir.resolve("b"), kind), kind.id());
        }
        // The comparison sees a change in the order of float sums: one thread gives other weights.
        train(dir.resolve("one-thread"), 0, 1);
        INDArray twoThreads = weights(dir.resolve("a"), ModelKind.ENHANCED_CNN), oneThread = weights(dir.resolve("one-thread"), ModelKind.ENHANCED_CNN);
        assertNotEquals(0.0, twoThreads.sub(oneThread).amaxNumber().doubleValue(), "one and two threads sum in another order");
    }

    /** Trains both tiny CNNs in a fresh JVM; returns its output (the device line). */
    private static String train(Path out, long seed, int threads) throws IOException, InterruptedException {
        Files.createDirectories(out);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dorg.bytedeco.javacpp.maxbytes=2G", "-cp", classPath, TrainMain.class.getName(), out.toString(), Long.toString(seed))
                .redirectError(out.resolve("child.err").toFile());
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        // Idle OpenMP threads sleep instead of spinning: 3x faster for tiny networks on a busy 2-core
        // machine (15 s to 5.6 s a run here), and the same arithmetic (identical weights either way).
        pb.environment().put("OMP_WAIT_POLICY", "passive");
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child JVM finishes");
        assertEquals(0, p.exitValue(), "child failed: " + Files.readString(out.resolve("child.err")));
        return stdout;
    }

    private static INDArray weights(Path run, ModelKind kind) throws IOException {
        return ModelBundle.load(run.resolve(kind.id()).resolve("model.zip")).network().params();
    }

    /** history.csv without its seconds column (wall time is the one thing allowed to differ). */
    private static String history(Path run, ModelKind kind) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(run.resolve(kind.id()).resolve("run").resolve(Trainer.HISTORY))) {
            String[] cells = line.split(",");
            cells[3] = "";
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }
}

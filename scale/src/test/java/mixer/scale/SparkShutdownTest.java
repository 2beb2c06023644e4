package mixer.scale;

import mixer.training.Cluster;
import org.apache.spark.util.ShutdownHookManager;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C or kill during a --spark command: Spark's hook stops the context under the running job, and its threads log
 * pages of stack traces (rejected tasks, cancelled broadcasts, interrupted threads) that buried mixer's one line about
 * what is left. Here a child JVM with the Spark engine is stopped (SIGTERM: the shutdown hooks Ctrl-C runs); a hook of
 * its own logs what Spark's threads log once the context stops, and prints a line through the stream of before, as
 * Main's note does. The line shows, the trace does not.
 */
class SparkShutdownTest {

    @Test
    void sparksTracesAtShutdownStayOutOfStandardError(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-Xmx")).toList()); // what Spark needs opened on JDK 17
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StoppedMidJob.class.getName()));
        Path errFile = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("started", out.readLine(), "the child started Spark");
            p.toHandle().destroy(); // SIGTERM (Process.destroy would close the streams too)
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String err = java.nio.file.Files.readString(errFile);
            assertTrue(err.contains("mixer: interrupted"), err);
            assertFalse(err.contains("Exception in statusUpdate") || err.contains("RejectedExecutionException"), err);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Starts the Spark engine, then waits to be stopped. */
    public static final class StoppedMidJob {
        public static void main(String[] args) throws Exception {
            java.io.PrintStream stderr = System.err;
            try (Cluster spark = Cluster.connect("local[1]", line -> { })) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stderr.println("mixer: interrupted")));
                // after the context's hook has begun stopping it, as Spark's scheduler logs a task it can no longer take
                ShutdownHookManager.addShutdownHook(ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY() - 1, () -> {
                    org.slf4j.LoggerFactory.getLogger("org.apache.spark.scheduler.TaskSchedulerImpl").error("Exception in statusUpdate",
                            new java.util.concurrent.RejectedExecutionException("rejected from a terminated pool"));
                    return scala.runtime.BoxedUnit.UNIT;
                });
                System.out.println("started");
                System.out.flush();
                Thread.sleep(120_000);
            }
        }
    }
}

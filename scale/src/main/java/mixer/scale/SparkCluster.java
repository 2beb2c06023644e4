package mixer.scale;

import mixer.dataset.TrackJobs;
import mixer.training.Cluster;
import mixer.training.Trainer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * mixer on Apache Spark: a dataset build's work as one Spark task per track ({@link SparkTrackJobs}), and training by
 * DL4J's parameter averaging ({@link SparkSteps}). One Spark context per command, stopped when the command ends.
 */
public final class SparkCluster implements Cluster {

    /** Found by {@link Cluster#connect} through META-INF/services. */
    public static final class Engine implements Cluster.Engine {
        @Override
        public Cluster connect(String master, Consumer<String> log) throws IOException {
            return new SparkCluster(master, log);
        }
    }

    private final JavaSparkContext spark;
    private final String master;

    SparkCluster(String master, Consumer<String> log) throws IOException {
        this.master = master;
        requireReachable(master);
        try {
            SparkConf conf = new SparkConf().setMaster(master).setAppName("mixer");
            if (master.startsWith("local")) {
                // one machine: no web UI to bind, and the loopback address whatever the host name resolves to
                conf.setIfMissing("spark.ui.enabled", "false");
                conf.setIfMissing("spark.driver.host", "127.0.0.1");
                conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            }
            this.spark = new JavaSparkContext(conf);
        } catch (Exception e) { // Spark's SparkException is checked in Scala's eyes only
            throw new IOException("could not start Spark at " + master + ": " + e.getMessage()
                    + " (a master is local[N] or spark://HOST:PORT; this build carries neither YARN's nor Kubernetes' Spark module)", e);
        } catch (LinkageError e) { // Spark 3.1's off-heap access reaches into JDK internals that later JDKs changed
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            throw new IOException("Spark 3.1.2 could not start on Java " + Runtime.version().feature() + " (" + root + "); run "
                    + "--spark commands with a JDK 17 (JAVA_HOME=/path/to/jdk-17 ./mixer ...)", e);
        }
        quietOnShutdown();
        log.accept("Spark " + spark.version() + " at " + master + ": " + spark.defaultParallelism() + " cores");
    }

    /**
     * Once the JVM shuts down (Ctrl-C, kill, or the command's end), before Spark's own shutdown hook stops the context,
     * System.err goes nowhere: stopping a context in the middle of a job makes Spark's threads log pages of stack
     * traces (rejected tasks, cancelled broadcasts, temporary folders half deleted, threads interrupted), which buried
     * mixer's one line about what is left and what to do. That line, and the command's own error, are printed through
     * the stream of before (Main keeps it), so they still show.
     */
    static void quietOnShutdown() {
        org.apache.spark.util.ShutdownHookManager.addShutdownHook(
                org.apache.spark.util.ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY() + 1, () -> {
                    System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                    return scala.runtime.BoxedUnit.UNIT;
                });
    }

    /**
     * A standalone master ({@code spark://HOST:PORT[,HOST:PORT...]}) that no address of answers fails here, in seconds,
     * naming the address and why: Spark itself retries for a minute, prints its stack traces, and ends with an error about
     * its metrics system that names neither the master nor the refused connection.
     */
    static void requireReachable(String master) throws IOException {
        if (!master.startsWith("spark://")) return;
        IOException last = null;
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                return; // Spark says what is wrong with the URL
            }
            String host = colon < 0 ? address : address.substring(0, colon);
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 10_000);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("could not reach the Spark master at " + master + " (" + last + "): is it running there, and "
                + "is the address its web UI shows (spark://HOST:PORT, port 7077 by default)?", last);
    }

    @Override
    public TrackJobs trackJobs(Consumer<String> log) {
        return new SparkTrackJobs(spark, log);
    }

    @Override
    public Trainer.Steps steps(Consumer<String> log) {
        return new SparkSteps(spark, master, log);
    }

    @Override
    public void close() {
        spark.stop();
    }
}

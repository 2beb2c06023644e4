package mixer.scale;

import java.io.IOException;

/** A failed Spark job as the error of the work that failed: the file and what is wrong, not Spark's stack of wrappers. */
final class SparkFailures {

    private SparkFailures() {
    }

    /**
     * The first IOException in the chain of causes (the work's own error, naming its file), else one sentence; when
     * the context was stopped meanwhile (Ctrl-C stops it through Spark's shutdown hook), that the work was interrupted
     * and {@code howToGoOn}, not the errors of the tasks it cancelled.
     */
    static IOException unwrap(String what, Throwable failure, org.apache.spark.api.java.JavaSparkContext spark, String howToGoOn) {
        if (spark.sc().isStopped()) {
            return new IOException(what + " was interrupted (Spark was stopped): nothing half-written is kept; " + howToGoOn, failure);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException io) return io;
        }
        Throwable root = failure;
        while (root.getCause() != null) root = root.getCause();
        return new IOException(what + " failed on Spark: " + (root.getMessage() != null ? root.getMessage() : root.toString()), failure);
    }
}

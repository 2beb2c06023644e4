package mixer.scale;

import java.io.IOException;

/** A failed Spark job as the error of the work that failed: the file and what is wrong, not Spark's stack of wrappers. */
final class SparkFailures {

    private SparkFailures() {
    }

    /** The first IOException in the chain of causes (the work's own error, naming its file), else one sentence. */
    static IOException unwrap(String what, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException io) return io;
        }
        Throwable root = failure;
        while (root.getCause() != null) root = root.getCause();
        return new IOException(what + " failed on Spark: " + (root.getMessage() != null ? root.getMessage() : root.toString()), failure);
    }
}

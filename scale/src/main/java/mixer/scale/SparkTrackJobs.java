package mixer.scale;

import mixer.dataset.TrackJobs;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A dataset build's work on each track as a Spark job of one task per track; the results in the tracks' order. */
final class SparkTrackJobs implements TrackJobs {

    private final JavaSparkContext spark;
    private final Consumer<String> log;

    SparkTrackJobs(JavaSparkContext spark, Consumer<String> log) {
        this.spark = spark;
        this.log = log;
    }

    @Override
    public <T extends Serializable, R extends Serializable> List<R> map(String what, List<T> items, Work<T, R> work)
            throws IOException {
        if (items.isEmpty()) return List.of();
        long t0 = System.nanoTime();
        log.accept(what + ": " + items.size() + " tracks as a Spark job");
        Progress progress = new Progress(what, items.size(), log);
        spark.sc().addSparkListener(progress);
        List<R> results;
        try {
            results = spark.parallelize(items, items.size()).map(work::apply).collect();
        } catch (Exception e) { // Spark's SparkException is checked in Scala's eyes only
            throw SparkFailures.unwrap(what, e, spark, "run the same command again to go on where it stopped");
        } finally {
            spark.sc().removeSparkListener(progress);
        }
        log.accept(String.format(java.util.Locale.ROOT, "%s: done in %.1f s", what, (System.nanoTime() - t0) / 1e9));
        return results;
    }

    /** A progress line every 25 finished tracks (on a cluster a build of many tracks runs for a long while). */
    private static final class Progress extends SparkListener {
        private final String what;
        private final int tracks;
        private final Consumer<String> log;
        private final AtomicInteger done = new AtomicInteger();

        Progress(String what, int tracks, Consumer<String> log) {
            this.what = what;
            this.tracks = tracks;
            this.log = log;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd task) {
            int n = done.incrementAndGet();
            if (n % 25 == 0 && n < tracks) log.accept(what + ": " + n + "/" + tracks + " tracks");
        }
    }
}

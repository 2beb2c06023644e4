package mixer.training;

import mixer.dataset.TrainingExamples;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One epoch of training batches ({@code examplesPerTrack} fresh examples of each track, in the epoch's
 * seeded order) whose examples are drawn in parallel on a pool while the network trains. Drawing an
 * example (crop, settings, inversion, features) costs more than training on it, so a single
 * background thread would leave the networks waiting. Every example is a pure function of (seed,
 * epoch, track, k) and batches come out in the epoch's order, so the batches are the same whatever
 * the number of threads.
 */
final class EpochBatches {

    /** Batches drawn ahead of the network: enough to keep the pool busy, few enough to bound memory. */
    private static final int BATCHES_AHEAD = 3;

    private final TrainingExamples examples;
    private final int epoch;
    private final int[] order;
    private final List<Future<TrainingExamples.Labelled>> pending = new ArrayList<>();
    private final int batchSize;
    private final MultiDataSetPreProcessor preProcessor;
    private final ExecutorService pool;
    private int cursor;

    EpochBatches(TrainingExamples examples, int epoch, int examplesPerTrack, int batchSize, MultiDataSetPreProcessor preProcessor,
                 ExecutorService pool) {
        this.examples = examples;
        this.epoch = epoch;
        this.order = examples.order(epoch, examplesPerTrack);
        this.batchSize = batchSize;
        this.preProcessor = preProcessor;
        this.pool = pool;
        submitAhead();
    }

    private void submitAhead() {
        while (pending.size() < order.length && pending.size() < cursor + (BATCHES_AHEAD + 1) * batchSize) {
            int j = order[pending.size()], track = j % examples.size(), k = j / examples.size();
            pending.add(pool.submit(() -> examples.draw(epoch, track, k)));
        }
    }

    boolean hasNext() {
        return cursor < order.length;
    }

    MultiDataSet next() {
        if (!hasNext()) throw new NoSuchElementException("the epoch is finished");
        int n = Math.min(batchSize, order.length - cursor);
        TrainingExamples.Labelled[] batch = new TrainingExamples.Labelled[n];
        for (int i = 0; i < n; i++) {
            batch[i] = result(pending.get(cursor + i));
            pending.set(cursor + i, null); // let the example go once it is in a batch
        }
        cursor += n;
        submitAhead();
        MultiDataSet ds = TrainingExamples.batch(batch);
        preProcessor.preProcess(ds);
        return ds;
    }

    /** Stops drawing what is not needed any more (an epoch cut short by an error). */
    void cancel() {
        for (Future<?> f : pending) if (f != null) f.cancel(false);
    }

    private static TrainingExamples.Labelled result(Future<TrainingExamples.Labelled> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing training examples", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("drawing a training example failed: " + e.getCause(), e.getCause());
        }
    }
}

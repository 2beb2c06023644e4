package mixer.training;

import mixer.dataset.TrainingExamples;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.*;

class EpochBatchesTest {

    /** The labels of an epoch's batches, drawn on {@code threads} threads. */
    private static List<float[]> epoch(TrainingExamples examples, int epoch, int examplesPerTrack, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            EpochBatches batches = new EpochBatches(examples, epoch, examplesPerTrack, 4, ds -> { }, pool);
            List<float[]> labels = new ArrayList<>();
            while (batches.hasNext()) {
                MultiDataSet b = batches.next();
                labels.add(b.getLabels(0).dup().data().asFloat());
            }
            return labels;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEpochHasKFreshExamplesOfEachTrackWhateverTheThreads() {
        TrainingExamples examples = Tiny.examples(3, 5);
        List<float[]> one = epoch(examples, 2, 3, 1), three = epoch(examples, 2, 3, 3);
        assertEquals(List.of(4 * 10, 4 * 10, 1 * 10), one.stream().map(l -> l.length).toList(), "9 examples in batches of 4");
        for (int b = 0; b < one.size(); b++) assertArrayEquals(one.get(b), three.get(b), "batch " + b + ": the same on 1 and 3 threads");
        // the epoch's examples are exactly draw(epoch, track, k) for every track and k
        Set<String> expected = new HashSet<>(), seen = new HashSet<>();
        for (int track = 0; track < 3; track++) {
            for (int k = 0; k < 3; k++) {
                float[] t = new float[10];
                double[] d = examples.draw(2, track, k).targets();
                for (int p = 0; p < 10; p++) t[p] = (float) d[p];
                expected.add(Arrays.toString(t));
            }
        }
        for (float[] batch : one) {
            for (int i = 0; i < batch.length / 10; i++) seen.add(Arrays.toString(Arrays.copyOfRange(batch, i * 10, i * 10 + 10)));
        }
        assertEquals(expected, seen);
    }
}

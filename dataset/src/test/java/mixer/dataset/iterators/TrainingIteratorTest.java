package mixer.dataset.iterators;

import mixer.dataset.Task;
import mixer.dataset.TrainingExamples;
import mixer.dataset.features.Descriptors;
import mixer.dataset.features.FeatureConfig;
import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.AsyncMultiDataSetIterator;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainingIteratorTest {

    private static final List<Audio> TRACKS = List.of(
            SyntheticMusic.generate(6, 44_100, 1), SyntheticMusic.generate(6, 48_000, 2),
            SyntheticMusic.generate(6, 44_100, 3), SyntheticMusic.generate(6, 44_100, 4),
            SyntheticMusic.generate(6, 48_000, 5));

    private static List<MultiDataSet> epoch(TrainingIterator it) {
        List<MultiDataSet> out = new ArrayList<>();
        while (it.hasNext()) out.add(it.next());
        return out;
    }

    @Test
    void batchesHaveTheNetworkShapes() {
        TrainingIterator it = new TrainingIterator(TrainingExamples.of(TRACKS, Task.RESTORE, FeatureConfig.DEFAULT, 1), 2);
        List<MultiDataSet> batches = epoch(it);
        assertEquals(3, batches.size());
        MultiDataSet b = batches.get(0);
        assertArrayEquals(new long[] {2, 2, 64, 128}, b.getFeatures(0).shape());
        assertArrayEquals(new long[] {2, Descriptors.size()}, b.getFeatures(1).shape());
        assertArrayEquals(new long[] {2, 10}, b.getLabels(0).shape());
        assertArrayEquals(new long[] {1, 10}, batches.get(2).getLabels(0).shape());
        double min = b.getLabels(0).minNumber().doubleValue(), max = b.getLabels(0).maxNumber().doubleValue();
        assertTrue(min >= 0 && max <= 1, "targets are normalised");
    }

    @Test
    void deterministicForASeedAndFreshEveryEpoch() {
        TrainingIterator a = new TrainingIterator(TrainingExamples.of(TRACKS, Task.RESTORE, FeatureConfig.DEFAULT, 7), 5);
        TrainingIterator b = new TrainingIterator(TrainingExamples.of(TRACKS, Task.RESTORE, FeatureConfig.DEFAULT, 7), 5);
        MultiDataSet a0 = epoch(a).get(0), b0 = epoch(b).get(0);
        assertEquals(a0.getFeatures(0), b0.getFeatures(0));
        assertEquals(a0.getLabels(0), b0.getLabels(0));
        a.reset();
        MultiDataSet a1 = epoch(a).get(0);
        assertNotEquals(a0.getLabels(0), a1.getLabels(0), "a new epoch draws new settings");
        TrainingIterator c = new TrainingIterator(TrainingExamples.of(TRACKS, Task.RESTORE, FeatureConfig.DEFAULT, 8), 5);
        assertNotEquals(a0.getLabels(0), epoch(c).get(0).getLabels(0), "another seed, other examples");
    }

    @Test
    void prefetchingOnABackgroundThreadGivesTheSameBatches() {
        TrainingIterator plain = new TrainingIterator(TrainingExamples.of(TRACKS, Task.RESTORE, FeatureConfig.DEFAULT, 3), 2);
        TrainingIterator inner = new TrainingIterator(TrainingExamples.of(TRACKS, Task.RESTORE, FeatureConfig.DEFAULT, 3), 2);
        List<MultiDataSet> expected = epoch(plain);
        AsyncMultiDataSetIterator async = new AsyncMultiDataSetIterator(inner, 2);
        int i = 0;
        while (async.hasNext()) {
            MultiDataSet got = async.next();
            assertEquals(expected.get(i).getLabels(0), got.getLabels(0));
            assertEquals(expected.get(i).getFeatures(0), got.getFeatures(0));
            i++;
        }
        async.shutdown();
        assertEquals(expected.size(), i);
    }
}

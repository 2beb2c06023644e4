package mixer.scale;

import mixer.dataset.TrainingExamples;
import mixer.training.FeatureNormalizer;
import mixer.training.models.ModelKind;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The training examples as a worker makes them: each track read from the manifest's files when an example of it is
 * drawn, a few kept in memory (so a worker's memory does not grow with the corpus), or in local mode the driver's
 * tracks as they are; each example drawn by the same pure function as in one process, and normalised.
 */
final class WorkerExamples {

    /** Tracks a worker process keeps in memory (a 30 s stereo excerpt is about 10 MB); an epoch's share comes track by track. */
    static final int TRACKS_KEPT = 8;

    private static final Map<TrainingExamples.Origin, TrainingExamples> TRACKS = new ConcurrentHashMap<>();
    private static final Map<String, FeatureNormalizer> NORMALIZERS = new ConcurrentHashMap<>();

    private WorkerExamples() {
    }

    /** Tracks already in this process (the driver's): a worker in the same process uses them instead of loading them. */
    static void offer(TrainingExamples.Origin origin, TrainingExamples examples) {
        TRACKS.put(origin, examples);
    }

    /** Example k of track {@code track} in epoch {@code epoch}, as one normalised example of {@code kind}'s inputs. */
    static MultiDataSet example(TrainingExamples.Origin origin, String normalizerJson, ModelKind kind, int epoch, int track, int k) {
        TrainingExamples examples = TRACKS.computeIfAbsent(origin, o -> {
            try {
                return TrainingExamples.readingTracksWhenDrawn(o, TRACKS_KEPT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        MultiDataSet ds = TrainingExamples.batch(examples.draw(epoch, track, k));
        NORMALIZERS.computeIfAbsent(normalizerJson, json -> {
            try {
                return FeatureNormalizer.fromJson(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).preProcessor(kind).preProcess(ds);
        return ds;
    }
}

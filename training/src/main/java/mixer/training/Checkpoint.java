package mixer.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a run after a finished epoch, in one atomically written file: the network with its
 * updater state (Adam's moments and step count), the normaliser, the history and the early-stopping
 * counters. Example draws are a pure function of (seed, epoch, track) and dropout is reseeded every
 * epoch, so restoring this continues exactly as an uninterrupted run would.
 */
final class Checkpoint {

    /**
     * A run's identity and counters. {@code datasetSha256} (the manifest's) and {@code code} (the git commit) say which
     * data and code the epochs so far were trained with: a run resumed on another dataset or other code would end in a
     * bundle whose provenance names data and code it was only partly trained on. Checkpoints written before they were
     * recorded read them as null and resume no more. {@code bestSha256}: the best network's file ({@code Trainer.BEST}).
     * {@code steps}: where the epochs' steps were taken ({@code Trainer.Steps#describe()}: this process, or a cluster's
     * parameter averaging, which is other arithmetic); null in checkpoints written before it was recorded (this process).
     * {@code device}: the device the steps ran on ({@code cpu} or {@code cuda}: other arithmetic too, so a run is resumed on
     * its own device only); null before it was recorded. {@code trainAudioSha256}: the training rows' audio
     * ({@link TrainingData#TRAIN_AUDIO_SHA256}); {@code corpusSha256}: the dataset's corpus ({@link DatasetId}), which
     * `mixer reproduce` can compare without reading audio; each null before it was recorded.
     */
    record State(Map<String, Object> settings, String architecture, String featureKey, String datasetSha256, String code,
                 String bestSha256, int epochsDone, int bestEpoch, double bestValMae, int epochsSinceBest, double wallSeconds,
                 String steps, String device, String trainAudioSha256, String corpusSha256) {
    }

    record Loaded(ComputationGraph network, FeatureNormalizer normalizer, State state, List<EpochRecord> history) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoint() {
    }

    static void write(Path file, ComputationGraph network, FeatureNormalizer normalizer, State state, List<EpochRecord> history)
            throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("state.json", JSON.writeValueAsString(state));
        entries.put("normalizer.json", normalizer.toJson());
        entries.put("history.csv", EpochRecord.toCsv(history));
        DlZip.write(file, network, true, entries);
    }

    static Loaded read(Path file) throws IOException {
        Map<String, String> entries = DlZip.entries(file);
        for (String name : List.of("state.json", "normalizer.json", "history.csv")) {
            if (!entries.containsKey(name)) {
                throw new IOException(file + ": not a mixer checkpoint (no mixer/" + name + "); start afresh without --resume");
            }
        }
        State state = JSON.readValue(entries.get("state.json"), State.class);
        return new Loaded(DlZip.network(file, true), FeatureNormalizer.fromJson(entries.get("normalizer.json")), state,
                EpochRecord.fromCsv(entries.get("history.csv")));
    }
}

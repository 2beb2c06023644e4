package mixer.training;

import mixer.dsp.provenance.Provenance;

import mixer.dataset.DatasetProvenance;
import mixer.dataset.Example;
import mixer.dataset.ExampleStore;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.Task;
import mixer.dataset.TrainingExamples;
import mixer.dataset.features.FeatureCache;
import mixer.dataset.features.FeatureConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a run trains and validates on: the training tracks (examples drawn afresh per epoch), the fixed
 * validation rows, and a description of the dataset for provenance (manifest and corpus hashes, task).
 */
public record TrainingData(TrainingExamples train, FixedExamples validation, Map<String, Object> info) {

    /** Where a dataset keeps its training examples ({@link ExampleStore}), below the manifest's folder. */
    public static final Path EXAMPLES = Path.of("cache", "examples");

    /** The info key of a hash of the training rows' audio (with their ids and rates): {@link TrainingExamples#identity}'s tracks. */
    public static final String TRAIN_AUDIO_SHA256 = "train_audio_sha256";
    private static final String TRACKS = "tracks ";

    public TrainingData {
        if (validation.size() == 0) throw new IllegalArgumentException("training needs validation rows for early stopping");
        info = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(info));
    }

    /**
     * Loads a dataset built by {@code mixer dataset build} (or any manifest with train and validation
     * rows). Validation features are cached under {@code <dataset>/cache/features}. The task comes from
     * the dataset's provenance.json (restore when there is none).
     */
    public static TrainingData load(Path manifestFile, FeatureConfig config, long seed, Consumer<String> log) throws IOException {
        Manifest manifest = Manifest.read(manifestFile);
        if (manifest.split(Split.TRAIN).isEmpty()) {
            throw new IOException(manifestFile + ": no training rows; build the dataset with `mixer dataset build --from DIR`");
        }
        DatasetProvenance recorded = DatasetProvenance.of(manifest.dir());
        Task task = recorded.task();
        requirePairsAsTheTaskHears(manifest, task, recorded.recordedTask().isPresent());
        log.accept("loading " + manifest.split(Split.TRAIN).size() + " training tracks from " + manifestFile);
        TrainingExamples loaded = TrainingExamples.load(manifest, task, config, seed);
        List<String> identity = loaded.identity(); // hashes every training sample: once
        TrainingExamples train = keptOnDisk(loaded, identity, manifest.dir().resolve(EXAMPLES), log);
        log.accept("validation features (computed once, then read from " + manifest.dir().resolve("cache/features") + ")");
        FixedExamples validation = FixedExamples.load(manifest, task, Split.VALIDATION, config,
                new FeatureCache(manifest.dir().resolve("cache").resolve("features"), log), log);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("manifest", manifestFile.toAbsolutePath().normalize().toString());
        DatasetId dataset = DatasetId.of(manifestFile);
        info.put(DatasetId.MANIFEST_KEY, dataset.manifestSha256());
        if (dataset.corpusSha256() != null) info.put(DatasetId.CORPUS_KEY, dataset.corpusSha256());
        if (recorded.get("seed").isNumber()) info.put("dataset_seed", recorded.get("seed").numberValue());
        identity.stream().filter(line -> line.startsWith(TRACKS)).findFirst()
                .ifPresent(line -> info.put(TRAIN_AUDIO_SHA256, line.substring(TRACKS.length())));
        info.put("task", task.id());
        info.put("train_tracks", train.size());
        info.put("validation_rows", validation.size());
        return new TrainingData(train, validation, info);
    }

    /**
     * Refuses, before any training, a manifest whose rows are heard otherwise than its task's examples: a match task's
     * rows with targets need a reference, a blind task's have none (a user's own pairs with no provenance.json read as
     * restore: training heard the inputs alone and validation the pairs, and the run failed after its first epoch).
     */
    private static void requirePairsAsTheTaskHears(Manifest manifest, Task task, boolean recorded) throws IOException {
        for (Example e : manifest.examples()) {
            if (!e.hasTargets() || e.hasReference() == task.hasReference()) continue;
            throw new IOException(manifest.where(e) + (e.hasReference()
                    ? ": the row names reference audio, but the dataset's task is " + task.id() + (recorded ? "" : " (no "
                    + DatasetProvenance.FILE + " beside the manifest says otherwise)") + ", which hears its input alone; for a "
                    + "match task put a " + DatasetProvenance.FILE + " with {\"task\": \"match-same\"} (or \"match-other\") "
                    + "beside the manifest, or empty the reference column"
                    : ": a " + task.id() + " row needs its reference audio (the manifest's reference column)"));
        }
    }

    /**
     * The training examples, kept under {@code root} for the next model of the same run ({@link ExampleStore}), named by
     * the code that made them (uncommitted code by a hash of its changes); code of no known version makes them afresh.
     */
    private static TrainingExamples keptOnDisk(TrainingExamples train, List<String> trainIdentity, Path root, Consumer<String> log)
            throws IOException {
        String code = Provenance.currentGitCommit();
        if (code.equals("unknown")) {
            log.accept("training examples are made afresh for each model: the code's version is unknown (not a git checkout), "
                    + "so examples kept on disk could be stale");
            return train;
        }
        List<String> identity = new ArrayList<>(trainIdentity);
        identity.add("code " + code);
        ExampleStore store = ExampleStore.open(root, train.config(), identity.toArray(String[]::new));
        log.accept("training examples are kept in " + store.dir() + " (made once for the models of this run; "
                + String.format(Locale.ROOT, "%.1f GB", ExampleStore.size(root) / 1e9) + " now; remove it to free the disk)");
        return train.keptIn(store);
    }
}

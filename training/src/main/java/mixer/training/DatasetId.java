package mixer.training;

import com.fasterxml.jackson.databind.JsonNode;
import mixer.dataset.DatasetProvenance;
import mixer.dsp.provenance.Provenance;
import mixer.dsp.provenance.Sha256;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which data a training ran on: its manifest's SHA-256 and, where the dataset's provenance.json records it, its corpus's
 * (every track's audio). The manifest alone is not enough: a track changed and the dataset rebuilt gives the same manifest
 * bytes (same names, same seeded settings), so a model or checkpoint of the old audio looked like one of the new.
 * Checkpoints and bundles keep both in their dataset record ({@link TrainingData#info()}'s keys).
 */
public record DatasetId(String manifestSha256, String corpusSha256) {

    static final String MANIFEST_KEY = "manifest_sha256";
    static final String CORPUS_KEY = "corpus_sha256";

    /** The identity of the dataset whose manifest is {@code manifest}, read from its files (no audio is read). */
    public static DatasetId of(Path manifest) throws IOException {
        JsonNode corpus = DatasetProvenance.of(manifest.toAbsolutePath().getParent()).get(CORPUS_KEY);
        return new DatasetId(Sha256.of(manifest), corpus.isTextual() ? corpus.asText() : null);
    }

    /** The identity a dataset record (a bundle's or {@link TrainingData#info()}) holds; nulls where it holds none. */
    static DatasetId recordedIn(Object record) {
        if (!(record instanceof Map<?, ?> m)) return new DatasetId(null, null);
        return new DatasetId(m.get(MANIFEST_KEY) == null ? null : m.get(MANIFEST_KEY).toString(),
                m.get(CORPUS_KEY) == null ? null : m.get(CORPUS_KEY).toString());
    }

    /**
     * How this dataset differs from {@code then} (what a run or bundle recorded), or null when it is the same. The corpus
     * is compared only where both know it (a user's own manifest has no provenance.json; older records lack it).
     */
    String changedSince(DatasetId then) {
        if (!java.util.Objects.equals(manifestSha256, then.manifestSha256)) {
            return "dataset (manifest SHA-256) " + shortId(then.manifestSha256) + " -> " + shortId(manifestSha256);
        }
        if (corpusSha256 != null && then.corpusSha256 != null && !corpusSha256.equals(then.corpusSha256)) {
            return "corpus (SHA-256 of its tracks' audio) " + shortId(then.corpusSha256) + " -> " + shortId(corpusSha256)
                    + ": a track changed and the dataset was rebuilt";
        }
        return null;
    }

    private static String shortId(String id) {
        return id == null ? "(not recorded)" : Provenance.shortId(id);
    }
}

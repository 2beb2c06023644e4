package mixer.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code mixer dataset build} records beside its manifest ({@value #FILE}), read in one place: the task a
 * dataset was built for (training, evaluation and {@code mixer dataset show} ask it), the build's inputs and
 * skipped tracks (an up-to-date build), the seed and corpus a model's provenance names. A manifest of the user's
 * own has no such file: it is then a restore dataset that records nothing.
 */
public final class DatasetProvenance {

    /** The record's file name, beside the manifest. */
    public static final String FILE = "provenance.json";

    /** The record's "what": how a build recognises a dataset folder (and leaves it out of the tracks it reads). */
    static final String WHAT = "mixer dataset";

    private final Path file;
    private final JsonNode record;

    private DatasetProvenance(Path file, JsonNode record) {
        this.file = file;
        this.record = record;
    }

    /** The record of the dataset in {@code dir}; an empty one where there is none. Unreadable JSON is an error naming the file. */
    public static DatasetProvenance of(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return new DatasetProvenance(file, MissingNode.getInstance());
        try {
            return new DatasetProvenance(file, new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new IOException(file + ": not readable JSON (" + e.getMessage() + "); rebuild the dataset or remove the file", e);
        }
    }

    /** Whether {@code dir} holds a mixer dataset's record: false for any other folder, an unreadable file included. */
    public static boolean isDataset(Path dir) {
        try {
            return WHAT.equals(of(dir).get("what").asText());
        } catch (IOException e) {
            return false; // not our record: an ordinary folder
        }
    }

    /** A field of the record; a missing node where it has none. */
    public JsonNode get(String field) {
        return record.path(field);
    }

    /** The task the build recorded; empty where it recorded none. An unknown task is an error naming the file. */
    public Optional<Task> recordedTask() throws IOException {
        JsonNode task = get("task");
        if (!task.isTextual() || task.asText().isEmpty()) return Optional.empty();
        try {
            return Optional.of(Task.of(task.asText()));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": task '" + task.asText() + "': " + e.getMessage(), e);
        }
    }

    /** The task the dataset was built for: restore where none is recorded (a manifest of the user's own). */
    public Task task() throws IOException {
        return recordedTask().orElse(Task.RESTORE);
    }
}

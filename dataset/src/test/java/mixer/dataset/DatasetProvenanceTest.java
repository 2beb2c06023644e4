package mixer.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetProvenanceTest {

    @Test
    void aFolderWithoutARecordIsARestoreDatasetThatRecordsNothing(@TempDir Path dir) throws IOException {
        DatasetProvenance p = DatasetProvenance.of(dir);
        assertEquals(Optional.empty(), p.recordedTask());
        assertEquals(Task.RESTORE, p.task());
        assertTrue(p.get("seed").isMissingNode());
        assertFalse(DatasetProvenance.isDataset(dir));
    }

    @Test
    void theRecordedTaskIsRead(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(DatasetProvenance.FILE), "{\"what\": \"mixer dataset\", \"task\": \"match-other\", \"seed\": 7}");
        DatasetProvenance p = DatasetProvenance.of(dir);
        assertEquals(Task.MATCH_OTHER, p.task());
        assertEquals(7, p.get("seed").asInt());
        assertTrue(DatasetProvenance.isDataset(dir));
    }

    @Test
    void anUnknownTaskOrUnreadableJsonIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(DatasetProvenance.FILE);
        Files.writeString(file, "{\"task\": \"remix\"}");
        IOException e = assertThrows(IOException.class, () -> DatasetProvenance.of(dir).task());
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("remix"), e.getMessage());
        assertFalse(DatasetProvenance.isDataset(dir), "a record without the dataset's 'what' is not a dataset's");

        Files.writeString(file, "{\"task\": ");
        e = assertThrows(IOException.class, () -> DatasetProvenance.of(dir));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("not readable JSON"), e.getMessage());
        assertFalse(DatasetProvenance.isDataset(dir), "an unreadable record is an ordinary folder's file");
    }
}

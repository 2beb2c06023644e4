package mixer.dsp.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FolderLockTest {

    @Test
    void aSecondWriterIsToldWhoHoldsTheFolderAndGetsItOnceLetGo(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("runs/ast");
        try (FolderLock first = FolderLock.take(folder, "training ast")) {
            IOException e = assertThrows(IOException.class, () -> FolderLock.take(folder, "training ast again"));
            String expected = folder + ": another mixer is writing here (process " + ProcessHandle.current().pid() + ", training ast, since ";
            assertTrue(e.getMessage().startsWith(expected) && e.getMessage().endsWith("; wait for it to finish or stop it, or give "
                    + "this run another folder"), e.getMessage());
        }
        try (FolderLock again = FolderLock.take(folder, "training ast again")) {
            assertTrue(Files.readString(folder.resolve(FolderLock.FILE)).contains("training ast again"), "the file says who holds it now");
        }
    }
}

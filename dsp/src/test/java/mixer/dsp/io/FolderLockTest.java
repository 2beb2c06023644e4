package mixer.dsp.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** A run that failed before writing anything left a folder holding only the lock (a helper's walk): it goes again. */
    @Test
    void aFolderItMadeAndLeftEmptyIsRemoved(@TempDir Path dir) throws IOException {
        Path failed = dir.resolve("report/restore");
        try (FolderLock lock = FolderLock.take(failed, "writing a report")) {
            assertTrue(Files.exists(failed.resolve(FolderLock.FILE)));
        }
        assertFalse(Files.exists(failed), "nothing written, nothing left");
        Path written = dir.resolve("runs/ast");
        try (FolderLock lock = FolderLock.take(written, "training ast")) {
            Files.writeString(written.resolve("history.csv"), "epoch\n");
        }
        assertTrue(Files.exists(written.resolve("history.csv")) && Files.exists(written.resolve(FolderLock.FILE)));
        Path existing = Files.createDirectories(dir.resolve("mine"));
        try (FolderLock lock = FolderLock.take(existing, "building a dataset")) {
            assertTrue(Files.isDirectory(existing));
        }
        assertTrue(Files.isDirectory(existing), "a folder it did not make stays");
    }

    /**
     * Another process (a second `mixer` started on the same folder) is refused by the operating system's lock, told which
     * process holds it, and gets the folder once that process is gone, however it ended: here killed (SIGKILL), which
     * runs no cleanup at all and leaves the lock file behind.
     */
    @Test
    void anotherProcessHoldsTheFolderUntilItIsGoneHoweverItEnded(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("dataset");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), folder.toString())
                .redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()));
            String line; // the JVM may say something first (JAVA_TOOL_OPTIONS)
            StringBuilder said = new StringBuilder();
            while ((line = lines.readLine()) != null && !line.equals("held")) said.append(line).append('\n');
            assertEquals("held", line, "the other process took the folder; it said: " + said);
            IOException e = assertThrows(IOException.class, () -> FolderLock.take(folder, "building a dataset"));
            assertTrue(e.getMessage().startsWith(folder + ": another mixer is writing here (process " + holder.pid()
                    + ", building a dataset elsewhere, since "), e.getMessage());
            holder.destroyForcibly(); // SIGKILL
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.exists(folder.resolve(FolderLock.FILE)), "a killed process leaves its lock file");
            try (FolderLock mine = FolderLock.take(folder, "building a dataset")) {
                assertTrue(Files.readString(folder.resolve(FolderLock.FILE)).startsWith("process " + ProcessHandle.current().pid()));
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    /** Takes the folder, says so, and holds it until it is killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (FolderLock lock = FolderLock.take(Path.of(args[0]), "building a dataset elsewhere")) {
                System.out.println("held");
                System.out.flush();
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            }
        }
    }
}

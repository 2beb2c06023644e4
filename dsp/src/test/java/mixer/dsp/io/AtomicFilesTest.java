package mixer.dsp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mixer.dsp.SyntheticMusic;

/** Files appear whole or not at all, with the permissions any other file would get, and no litter. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aNewFileHasTheUmasksPermissionsNotOwnerOnly() throws Exception {
        Path plain = Files.createFile(dir.resolve("plain.txt")); // what the umask gives any new file
        Path written = dir.resolve("report.md");
        AtomicFiles.writeString(written, "# report\n");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        Path wav = dir.resolve("mix.wav");
        AudioWriter.write(SyntheticMusic.generate(0.1, 44_100, 1), wav, SampleFormat.PCM_16);
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(wav));
    }

    @Test
    void aFileWrittenOverKeepsItsPermissions() throws Exception {
        Path f = dir.resolve("shared.json");
        Files.writeString(f, "{}");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.writeString(f, "{\"a\": 1}");
        assertEquals("{\"a\": 1}", Files.readString(f));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aWriteProtectedFileIsRefusedAndLeftAsItIs() throws Exception {
        Path f = dir.resolve("keep.wav");
        Files.writeString(f, "mine");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        java.nio.file.AccessDeniedException e = assertThrows(java.nio.file.AccessDeniedException.class,
                () -> AtomicFiles.writeString(f, "theirs")); // also as root, who could write it
        assertEquals(f + ": write-protected, so it was left as it is: make it writable (chmod u+w) or write elsewhere",
                FileErrors.explain(e));
        assertEquals("mine", Files.readString(f));
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "no part file left");
        }
    }

    @Test
    void partFilesOfDeadProcessesAreRemovedOthersKept() throws Exception {
        Path target = dir.resolve("song.wav");
        Path dead = Files.writeString(dir.resolve(".song.wav.999999999.part"), "left by kill -9");
        Path live = Files.writeString(dir.resolve(".song.wav.1.part"), "pid 1 is always running");
        Path otherTarget = Files.writeString(dir.resolve(".other.wav.999999999.part"), "another file's");
        AtomicFiles.writeString(target, "x");
        assertFalse(Files.exists(dead), "a dead process's part file goes");
        assertTrue(Files.exists(live), "a running process may still be writing");
        assertTrue(Files.exists(otherTarget), "only the target's own part files are touched");
    }

    /** A legal name near the file system's 255 bytes: its part file must still be a legal name, and a dead one's removed. */
    @Test
    void aNameNear255BytesIsWrittenAndItsStalePartsRemoved() throws Exception {
        String name = "日本語の曲名".repeat(13) + "_remaster.wav"; // 247 bytes of UTF-8
        assertTrue(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 240);
        Path target = dir.resolve(name);
        Path dead = Files.writeString(dir.resolve("." + AtomicFiles.partStem(name) + ".999999999.part"), "left by kill -9");
        AtomicFiles.writeString(target, "mix");
        assertEquals("mix", Files.readString(target));
        assertFalse(Files.exists(dead), "a dead process's part of it removed");
        assertTrue(AtomicFiles.partStem(name).length() < name.length(), "a shorter stem for it");
        assertEquals("short.wav", AtomicFiles.partStem("short.wav"));
    }

    @Test
    void aFailedWriteLeavesNothing() throws Exception {
        Path target = dir.resolve("out.txt");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage(), "the writer's own exception comes through");
        assertEquals(List.of(), listing());
    }

    /** A run stopped (SIGTERM, as Ctrl-C or kill send) in the middle of writing a WAV leaves no part file. */
    @Test
    void aRunStoppedWhileWritingLeavesNoPartFile() throws Exception {
        Path target = dir.resolve("long.wav");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SlowWriter.class.getName(), target.toString())
                .redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (listing().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(1, listing().size(), "the writer started: " + listing());
            assertTrue(listing().get(0).getFileName().toString().matches("\\.long\\.wav\\.\\d+\\.part"), listing().toString());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(List.of(), listing(), "nothing left behind");
        } finally {
            p.destroyForcibly();
        }
    }

    /** Writes a WAV that never ends, block by block. */
    public static final class SlowWriter {
        public static void main(String[] args) throws Exception {
            float[][] block = new float[2][4096];
            try (AudioWriter.Output out = AudioWriter.open(Path.of(args[0]), SampleFormat.PCM_24, 44_100, -1)) {
                while (true) {
                    out.write(block, 0, block[0].length);
                    Thread.sleep(5);
                }
            }
        }
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}

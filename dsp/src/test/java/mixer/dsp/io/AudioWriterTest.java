package mixer.dsp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mixer.dsp.Audio;
import mixer.dsp.io.AudioFileException.Reason;

/** Failed writes: a clear exception naming the file, and nothing half-written left behind. */
class AudioWriterTest {

    @TempDir
    Path dir;

    private static final Audio TONE = Signals.toneBurst(44_100, 0.1, 1000, 0.5, 0, 0.1, 1);

    private static AudioFileException fails(Path target, Reason reason, String phrase) {
        AudioFileException e = assertThrows(AudioFileException.class,
                () -> AudioWriter.write(TONE, target, SampleFormat.PCM_24));
        assertEquals(target, e.file());
        assertTrue(e.getMessage().startsWith(target + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(phrase), "'" + phrase + "' in: " + e.getMessage());
        assertEquals(reason, e.reason());
        return e;
    }

    @Test
    void anOutputIsNeverAFileInUseByAnyName() throws Exception {
        Path song = Files.writeString(dir.resolve("song.wav"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link.wav"), song);
        for (Path out : List.of(song, dir.resolve("x/../song.wav"), link)) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> AudioWriter.refuseToOverwrite(out, null, dir.resolve("other.wav"), song)).getMessage();
            assertEquals(out + " would be written over " + song + ", which this command uses: choose another output file", m);
        }
        AudioWriter.refuseToOverwrite(dir.resolve("mix.wav"), song, null); // another file, existing or not: no objection
        AudioWriter.refuseToOverwrite(dir.resolve("mix.wav"));
    }

    private List<Path> listing(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    @Test
    void onlyWavIsWritten() throws Exception {
        fails(dir.resolve("mix.mp3"), Reason.UNSUPPORTED, "cannot write '.mp3' files: only .wav is supported");
        fails(dir.resolve("mix"), Reason.UNSUPPORTED, "only .wav is supported");
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void targetIsANonEmptyDirectory() throws Exception {
        Path target = Files.createDirectory(dir.resolve("out.wav"));
        Files.writeString(target.resolve("keep.txt"), "keep me");
        fails(target, Reason.WRITE_FAILED, "is a folder");
        assertEquals("keep me", Files.readString(target.resolve("keep.txt")));
        assertEquals(List.of(target), listing(dir), "no temporary file left beside the target");
    }

    @Test
    void targetIsAnEmptyDirectory() throws Exception {
        Path target = Files.createDirectory(dir.resolve("empty.wav"));
        fails(target, Reason.WRITE_FAILED, "is a folder");
        assertTrue(Files.isDirectory(target), "an empty directory must not be replaced by the file");
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void parentIsAFile() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain.txt"), "x");
        Path target = notADir.resolve("out.wav");
        fails(target, Reason.WRITE_FAILED, "cannot be written (" + notADir + " is a file, not a folder");
        assertEquals(List.of(notADir), listing(dir));
        assertEquals("x", Files.readString(notADir));
    }

    @Test
    void aWriteProtectedTargetIsKept() throws Exception {
        Path target = dir.resolve("master.wav");
        AudioWriter.write(TONE, target, SampleFormat.PCM_16);
        byte[] before = Files.readAllBytes(target);
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        fails(target, Reason.WRITE_FAILED, "cannot be written (write-protected, so it was left as it is: make it writable");
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void missingParentDirectoriesAreCreated() throws Exception {
        Path target = dir.resolve("a/b/out.wav");
        AudioWriter.write(TONE, target, SampleFormat.FLOAT_32);
        assertEquals(TONE.frames(), AudioReader.read(target).audio().frames());
        assertEquals(List.of(target), listing(target.getParent()));
    }

    @Test
    void aWriteThatFailsHalfwayKeepsTheOldFileAndLeavesNoPart() throws Exception {
        // AudioWriter writes through AtomicFiles: fail the same mechanism halfway through a WAV
        Path target = dir.resolve("old.wav");
        AudioWriter.write(TONE, target, SampleFormat.PCM_16);
        byte[] before = Files.readAllBytes(target);
        java.io.IOException boom = assertThrows(java.io.IOException.class, () -> AtomicFiles.write(target, tmp -> {
            Files.write(tmp, Arrays.copyOf(before, before.length / 2));
            throw new java.io.IOException("disk full");
        }));
        assertEquals("disk full", boom.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target), "the old file is intact");
        assertEquals(List.of(target), listing(dir), "the half-written temporary file is gone");
    }
}

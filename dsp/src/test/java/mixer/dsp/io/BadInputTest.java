package mixer.dsp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mixer.dsp.Audio;
import mixer.dsp.io.AudioFileException.Reason;
import mixer.dsp.io.FfmpegEncoder.Codec;

/** Every unreadable file gives one AudioFileException naming the file and the reason; never a raw NPE or a crash. */
class BadInputTest {

    @TempDir
    Path dir;

    private static AudioFileException fails(Path file, Reason reason, String phrase) {
        AudioFileException e = assertThrows(AudioFileException.class, () -> AudioReader.read(file));
        assertSame(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), "the message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(phrase), "'" + phrase + "' in: " + e.getMessage());
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    private Path tone(String name, Codec codec) throws Exception {
        Path file = dir.resolve(name);
        FfmpegEncoder.encode(Signals.toneBurst(44_100, 1.0, 1000, 0.5, 0.1, 0.9, 1), 2, codec, file);
        return file;
    }

    private Path wav24(String name) throws Exception {
        Path file = dir.resolve(name);
        AudioWriter.write(Signals.toneBurst(44_100, 1.0, 1000, 0.5, 0.1, 0.9, 1), file, SampleFormat.PCM_24);
        return file;
    }

    private static Path truncate(Path file, long bytes) throws Exception {
        byte[] all = Files.readAllBytes(file);
        Path cut = file.resolveSibling("cut-" + file.getFileName());
        Files.write(cut, Arrays.copyOf(all, (int) bytes));
        return cut;
    }

    /** Non-finite or absurd samples are refused with the file, the first bad frame and its channel. */
    @Test
    void nanInfinityAndAbsurdSamplesAreNamedNotPassedOn() throws Exception {
        Audio tone = Signals.toneBurst(44_100, 1.0, 1000, 0.5, 0.1, 0.9, 1);
        Object[][] cases = {{Float.NaN, "NaN"}, {Float.NEGATIVE_INFINITY, "-infinity"}, {3.4e38f, "+771 dBFS"}};
        for (Object[] c : cases) {
            Audio bad = tone.copy();
            bad.right()[22_050] = (float) c[0];
            bad.left()[30_000] = (float) c[0];
            Path file = dir.resolve("bad.wav");
            AudioWriter.write(bad, file, SampleFormat.FLOAT_32);
            AudioFileException e = fails(file, Reason.INVALID_SAMPLES, "frame 22050 (0.500 s), right channel");
            assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
            // through FFmpeg too: a streamed WAV (data size 0xFFFFFFFF), which Java Sound leaves to FFmpeg
            byte[] bytes = Files.readAllBytes(file);
            Arrays.fill(bytes, 54, 58, (byte) 0xFF); // RIFF 12 + fmt 26 + fact 12, then "data" and its size
            Path streamed = Files.write(dir.resolve("streamed.wav"), bytes);
            fails(streamed, Reason.INVALID_SAMPLES, "frame 22050 (0.500 s), right channel");
        }
        Audio loud = tone.copy();
        loud.left()[5] = 1000f; // +60 dBFS is loud, not damaged: float files may hold it
        Path file = dir.resolve("loud.wav");
        AudioWriter.write(loud, file, SampleFormat.FLOAT_32);
        assertEquals(1000f, AudioReader.read(file).audio().left()[5]);
    }

    @Test
    void missingFile() {
        fails(dir.resolve("nowhere.wav"), Reason.NOT_FOUND, "no such file");
    }

    @Test
    void emptyFile() throws Exception {
        fails(Files.createFile(dir.resolve("empty.flac")), Reason.EMPTY, "empty file");
    }

    @Test
    void directory() {
        fails(dir, Reason.UNREADABLE, "is a directory");
    }

    @Test
    void textFileRenamedWav() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.wav"), "these are my mixing notes\n".repeat(20));
        fails(file, Reason.NOT_AUDIO, "not an audio file FFmpeg can decode");
    }

    @Test
    void textFileRenamedMp3FlacOgg() throws Exception {
        for (String ext : new String[] {"mp3", "flac", "ogg"}) {
            Path file = Files.writeString(dir.resolve("notes." + ext), "hello, not audio");
            fails(file, Reason.NOT_AUDIO, "not an audio file FFmpeg can decode");
        }
    }

    @Test
    void randomBytesRenamedMp3() throws Exception {
        byte[] noise = new byte[3000];
        new Random(7).nextBytes(noise);
        fails(Files.write(dir.resolve("noise.mp3"), noise), Reason.NOT_AUDIO, "not an audio file");
    }

    @Test
    void truncatedWav() throws Exception {
        Path file = wav24("t.wav");
        fails(truncate(file, Files.size(file) / 2), Reason.TRUNCATED, "truncated: the WAV header declares 44100 frames");
    }

    @Test
    void wavCutInsideItsHeader() throws Exception {
        fails(truncate(wav24("h.wav"), 30), Reason.CORRUPT, "WAV file whose header is damaged or cut short");
    }

    @Test
    void truncatedFlac() throws Exception {
        Path file = tone("t.flac", Codec.FLAC_16);
        fails(truncate(file, Files.size(file) / 2), Reason.TRUNCATED, "truncated: the flac header declares 44100 frames");
        fails(truncate(file, 60), Reason.TRUNCATED, "truncated");
    }

    @Test
    void truncatedMp3() throws Exception {
        Path file = tone("t.mp3", Codec.MP3_192K);
        fails(truncate(file, Files.size(file) / 2), Reason.TRUNCATED, "truncated: the mp3 header declares");
    }

    @Test
    void truncatedOggHeader() throws Exception {
        fails(truncate(tone("t.ogg", Codec.VORBIS), 1000), Reason.TRUNCATED, "truncated");
    }

    @Test
    void moreThanTwoChannelsIsRefusedNotDownmixed() throws Exception {
        Path file = dir.resolve("surround.wav");
        Files.write(file, WavBytes.build(WavBytes.PCM, 6, 48_000, 24, new byte[6 * 3 * 10], true));
        fails(file, Reason.UNSUPPORTED, "has 6 channels; only mono and stereo are supported");
    }

    @Test
    void sampleRateOutsideTheSupportedRange() throws Exception {
        Path file = dir.resolve("slow.wav");
        Files.write(file, WavBytes.build(WavBytes.PCM, 2, 4000, 24, new byte[6 * 10], false));
        fails(file, Reason.UNSUPPORTED, "sample rate 4000 Hz");
    }

    @Test
    void wavWithNoSamples() throws Exception {
        Path file = dir.resolve("nothing.wav");
        AudioWriter.write(Audio.silence(0, 44_100), file, SampleFormat.PCM_16);
        fails(file, Reason.NO_AUDIO, "no audio samples");
    }

    @Test
    void messageIsOneSentenceAboutTheFile() throws Exception {
        Path file = Files.write(dir.resolve("song.mp3"), "not music".getBytes(StandardCharsets.UTF_8));
        AudioFileException e = assertThrows(AudioFileException.class, () -> AudioReader.read(file));
        assertEquals(file + ": " + e.detail(), e.getMessage());
        assertTrue(e.detail().startsWith("not an audio file FFmpeg can decode ("), e.detail());
    }

    /** Damaged headers and cut files of every kind: each either reads or fails with the one exception. */
    @Test
    void damagedFilesNeverEscapeAsOtherExceptions() throws Exception {
        Path wav = wav24("d.wav");
        Path[] files = {wav, tone("d.flac", Codec.FLAC_16), tone("d.mp3", Codec.MP3_192K), tone("d.ogg", Codec.VORBIS)};
        Random rnd = new Random(11);
        int outcomes = 0;
        for (Path file : files) {
            byte[] good = Files.readAllBytes(file);
            for (int k = 0; k < 40; k++) {
                byte[] bad = k < 20 ? Arrays.copyOf(good, 1 + rnd.nextInt(200)) : good.clone();
                if (k >= 20) {
                    for (int flips = 0; flips < 4; flips++) bad[rnd.nextInt(Math.min(bad.length, 128))] = (byte) rnd.nextInt(256);
                }
                Path damaged = Files.write(dir.resolve("damaged-" + k + "-" + file.getFileName()), bad);
                try {
                    AudioReader.read(damaged);
                } catch (AudioFileException e) {
                    assertTrue(e.getMessage().startsWith(damaged + ": "), e.getMessage());
                }
                outcomes++;
            }
        }
        assertEquals(files.length * 40, outcomes);
    }
}

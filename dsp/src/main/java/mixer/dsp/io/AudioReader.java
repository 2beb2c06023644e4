package mixer.dsp.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import mixer.dsp.AudioSpec;
import mixer.dsp.io.AudioFileException.Reason;

/**
 * Reads an audio file into stereo float at the file's own sample rate (no resampling): whole
 * ({@link #read}) or block by block ({@link #open}).
 *
 * <p>Which path reads what, decided by the file's content, not its name:
 * <ul>
 *   <li>RIFF/WAVE with 8/16/24/32-bit integer or 32/64-bit float samples, plain or
 *       WAVE_FORMAT_EXTENSIBLE: Java Sound parses the header, the samples are converted here in
 *       bulk, exactly (a 24-bit sample n comes back as n / 2^23);</li>
 *   <li>everything else (FLAC, Ogg Vorbis, MP3, AIFF, AAC, …, and WAVs Java Sound declines, such as
 *       ADPCM or streamed WAVs without a data size): FFmpeg through the JavaCPP presets.</li>
 * </ul>
 * Mono is duplicated to both channels. More than two channels is an error
 * ({@link Reason#UNSUPPORTED}): mixer does not guess a downmix; convert first, e.g.
 * {@code ffmpeg -i in.wav -ac 2 out.wav}.
 *
 * <p>Every failure is one {@link AudioFileException} whose message names the file and the reason.
 * Thread-safe: each call has its own decoder state.
 */
public final class AudioReader {

    /** File name endings a folder search takes for audio (a file named explicitly is tried whatever its name). */
    public static final Set<String> EXTENSIONS = Set.of("wav", "wave", "flac", "ogg", "oga", "opus", "mp3",
            "aif", "aiff", "m4a", "wv");

    private AudioReader() {
    }

    /**
     * The audio files in a folder and its subfolders ({@link #EXTENSIONS}), in sorted order; folders reached through
     * a link are searched too (a link back up the tree is an error, named).
     */
    public static List<Path> findIn(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            // a link to nowhere is kept, so that reading it says so: it was passed over without a word
            return walk.filter(f -> Files.isRegularFile(f) || Files.isSymbolicLink(f) && !Files.exists(f))
                    .filter(AudioReader::hasAudioExtension).sorted().toList();
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.file.FileSystemLoopException loop) {
                throw new IOException(dir + ": the link " + loop.getFile() + " leads back up the folder tree; remove it, "
                        + "or name the folders to search one by one", loop);
            }
            if (e.getCause() instanceof java.nio.file.AccessDeniedException denied) { // before any work: nothing half done
                throw new IOException(denied.getFile() + ": this folder cannot be read (permission denied), so " + dir
                        + " cannot be searched whole; make it readable, or name the files and folders beside it", denied);
            }
            if (e.getCause() instanceof java.nio.file.FileSystemException f) throw new IOException(FileErrors.explain(f), f);
            throw e.getCause();
        }
    }

    /** Whether the file's name ends in one of {@link #EXTENSIONS} (any case). */
    public static boolean hasAudioExtension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Reads the whole file into memory. */
    public static AudioFile read(Path file) throws AudioFileException {
        try (AudioInput in = open(file)) {
            return in.readAll();
        }
    }

    /**
     * Opens the file for reading block by block, in bounded memory whatever its length. Fails here
     * when the file is missing, not audio, or of a kind mixer does not handle; damage further in (a
     * cut file, a NaN sample) fails the {@link AudioInput#read} that reaches it.
     */
    public static AudioInput open(Path file) throws AudioFileException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new AudioFileException(file, Reason.NOT_FOUND, "no such file", e);
        } catch (IOException e) {
            throw new AudioFileException(file, Reason.UNREADABLE, "cannot be read (" + e + ")", e);
        }
        if (attrs.isDirectory()) {
            throw new AudioFileException(file, Reason.UNREADABLE, "is a directory, not an audio file");
        }
        long size = attrs.size();
        if (size == 0) {
            throw new AudioFileException(file, Reason.EMPTY, "empty file (0 bytes)");
        }
        byte[] head = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (AccessDeniedException e) {
            throw new AudioFileException(file, Reason.UNREADABLE, "cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw new AudioFileException(file, Reason.UNREADABLE, "cannot be read (" + e + ")", e);
        }
        if (n == 12 && isRiffWave(head)) {
            AudioInput wav = JavaSoundWavInput.open(file, size);
            if (wav != null) {
                return wav;
            }
            try {
                return FfmpegInput.open(file, size);
            } catch (AudioFileException e) {
                if (e.reason() != Reason.NOT_AUDIO) {
                    throw e;
                }
                // it says RIFF/WAVE, so it is a WAV whose header neither Java Sound nor FFmpeg can parse
                throw new AudioFileException(file, Reason.CORRUPT,
                        "a WAV file whose header is damaged or cut short (neither Java Sound nor FFmpeg can parse it)", e);
            }
        }
        return FfmpegInput.open(file, size);
    }

    private static boolean isRiffWave(byte[] h) {
        return h[0] == 'R' && h[1] == 'I' && h[2] == 'F' && h[3] == 'F'
                && h[8] == 'W' && h[9] == 'A' && h[10] == 'V' && h[11] == 'E';
    }

    static AudioFileException unsupportedChannels(Path file, int channels) {
        return new AudioFileException(file, Reason.UNSUPPORTED, "has " + channels
                + " channels; only mono and stereo are supported (downmix first, e.g. ffmpeg -i IN -ac 2 OUT.wav)");
    }

    static int checkedRate(Path file, int sampleRateHz) throws AudioFileException {
        try {
            return new AudioSpec(sampleRateHz).sampleRateHz();
        } catch (IllegalArgumentException e) {
            throw new AudioFileException(file, Reason.UNSUPPORTED, "has an unsupported sample rate: " + e.getMessage(), e);
        }
    }
}

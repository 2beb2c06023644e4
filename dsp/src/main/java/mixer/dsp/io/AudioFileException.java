package mixer.dsp.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The one exception audio reading and writing throw: the message names the file and says why in a
 * sentence, e.g. {@code "song.mp3: not an audio file FFmpeg can decode (Invalid data found when
 * processing input)"}. {@link #reason()} lets callers (a dataset builder skipping bad files) react
 * without parsing the message.
 */
public final class AudioFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a file could not be read or written. */
    public enum Reason {
        /** The file does not exist. */
        NOT_FOUND,
        /** The path is a directory, or the file cannot be opened or read (permissions, I/O error). */
        UNREADABLE,
        /** The file has 0 bytes. */
        EMPTY,
        /** Not audio, or a format no decoder here recognises. */
        NOT_AUDIO,
        /** A recognised container without an audio stream, or an audio stream without samples. */
        NO_AUDIO,
        /** The file ends before the audio its header declares. */
        TRUNCATED,
        /** The audio data cannot be decoded. */
        CORRUPT,
        /** Samples that are not finite numbers (NaN, infinity) or far beyond any audio level. */
        INVALID_SAMPLES,
        /** Readable in principle but outside what mixer handles (channel count, sample rate, codec, extension). */
        UNSUPPORTED,
        /** Writing failed; no partial file was left at the target. */
        WRITE_FAILED
    }

    private final transient Path file;
    private final Reason reason;
    private final String detail;

    public AudioFileException(Path file, Reason reason, String detail) {
        this(file, reason, detail, null);
    }

    public AudioFileException(Path file, Reason reason, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = detail;
    }

    /** The file the message is about, as the caller named it. */
    public Path file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }

    /** The message without the file name: the reason, in a sentence. */
    public String detail() {
        return detail;
    }
}

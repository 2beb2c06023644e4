package mixer.evaluation;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dsp.Audio;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The probes' way to read a row's audio inside a parallel stream: {@link Manifest#readAudio}, unchecked. */
public final class ProbeAudio {

    private ProbeAudio() {
    }

    public static Audio read(Manifest manifest, Example row, String column) {
        try {
            return manifest.readAudio(row, column);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

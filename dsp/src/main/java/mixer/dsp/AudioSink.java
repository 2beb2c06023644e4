package mixer.dsp;

import java.io.IOException;

/** Where processed blocks go: a file being written, a meter, memory. */
@FunctionalInterface
public interface AudioSink {

    /** Takes frames {@code [offset, offset + frames)} of a stereo block; the block is not kept. */
    void write(float[][] stereo, int offset, int frames) throws IOException;

    /** Both sinks, in order. */
    default AudioSink andThen(AudioSink next) {
        return (stereo, offset, frames) -> {
            write(stereo, offset, frames);
            next.write(stereo, offset, frames);
        };
    }
}

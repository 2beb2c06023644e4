package mixer.dsp;

import java.util.Arrays;

/** Renders whole audio through a processor, with its latency compensated. */
public final class Offline {

    private static final int BLOCK_FRAMES = 4096;

    private Offline() {}

    /**
     * Prepares {@code processor} for the audio's rate (a fresh stream), feeds the audio followed by
     * {@link Processor#latencyFrames()} frames of silence in blocks, and returns the output without its
     * first {@code latencyFrames()} frames: new audio of the same length and rate, time-aligned with
     * the input. The input is not modified.
     */
    public static Audio process(Audio audio, Processor processor) {
        return processInPlace(audio.copy(), processor);
    }

    /**
     * As {@link #process}, but the output replaces {@code audio}'s own samples (for a caller that owns
     * them, such as {@link Renderer} with the chain's output): no full-length copy. Blocks pass through
     * a small buffer; output frame t is written back at t - latency, behind every frame still to be read.
     * Returns {@code audio}.
     */
    static Audio processInPlace(Audio audio, Processor processor) {
        processor.prepare(audio.spec());
        int latency = processor.latencyFrames();
        int frames = audio.frames();
        float[][] data = audio.stereo();
        if (latency == 0) {
            for (int offset = 0; offset < frames; offset += BLOCK_FRAMES) {
                processor.process(data, offset, Math.min(BLOCK_FRAMES, frames - offset));
            }
            return audio;
        }
        float[][] block = new float[AudioSpec.CHANNELS][BLOCK_FRAMES];
        int total = frames + latency;
        for (int offset = 0; offset < total; offset += BLOCK_FRAMES) {
            int n = Math.min(BLOCK_FRAMES, total - offset);
            int input = Math.max(0, Math.min(n, frames - offset)); // the rest of the block is silence
            int skip = Math.max(0, latency - offset);               // outputs before the first input frame
            for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
                if (input > 0) System.arraycopy(data[ch], offset, block[ch], 0, input);
                Arrays.fill(block[ch], input, n, 0f);
            }
            processor.process(block, 0, n);
            if (skip < n) {
                for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
                    System.arraycopy(block[ch], skip, data[ch], offset + skip - latency, n - skip);
                }
            }
        }
        return audio;
    }
}

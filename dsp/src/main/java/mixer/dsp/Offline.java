package mixer.dsp;

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
        processor.prepare(audio.spec());
        int latency = processor.latencyFrames();
        int frames = audio.frames();
        int total = frames + latency;
        float[][] buffer = new float[AudioSpec.CHANNELS][total];
        for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
            System.arraycopy(audio.stereo()[ch], 0, buffer[ch], 0, frames);
        }
        for (int offset = 0; offset < total; offset += BLOCK_FRAMES) {
            processor.process(buffer, offset, Math.min(BLOCK_FRAMES, total - offset));
        }
        return new Audio(buffer, audio.sampleRateHz()).slice(latency, total);
    }
}

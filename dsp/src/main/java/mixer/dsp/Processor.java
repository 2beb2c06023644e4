package mixer.dsp;

/**
 * One stage of audio processing. Lifecycle: {@link #prepare} once per stream (allocates state for the
 * rate), {@link #process} on consecutive blocks of any size, {@link #reset} to start a new stream with the
 * same settings. Processing a stream in blocks of any size gives the same output as one block.
 */
public interface Processor {

    void prepare(AudioSpec spec);

    /**
     * Processes {@code length} frames in place, starting at {@code offset}, of a stereo buffer:
     * {@code stereo[0]} is left, {@code stereo[1]} is right.
     */
    void process(float[][] stereo, int offset, int length);

    /** Clears the stream state (delay lines, envelopes); settings and the prepared rate stay. */
    void reset();

    /** Frames by which the output lags the input; non-zero only for look-ahead stages. */
    default int latencyFrames() {
        return 0;
    }

    default void process(float[][] stereo) {
        process(stereo, 0, stereo[0].length);
    }
}

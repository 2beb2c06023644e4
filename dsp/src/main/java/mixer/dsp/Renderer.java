package mixer.dsp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import mixer.dsp.chain.MixChain;
import mixer.dsp.limiter.TruePeakLimiter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;

/**
 * The one renderer: the 10-stage chain, then (unless bypassed) the safety true-peak limiter at
 * -1 dBTP, with the limiter's look-ahead compensated so output lines up with input; and the chain's
 * inverse. Audio in memory is rendered on the caller's thread; a stream ({@link AudioSource}, e.g. a
 * file being decoded, of any length) in bounded memory, on several cores when asked.
 *
 * <p>Several cores: the work is cut in three, each on its own thread of a {@link Pipeline}: input gain,
 * compressor and the four EQs; reverb, delay, width and output gain; the safety limiter (for the
 * inverse, its two halves in reverse). The CPU time of the three parts is about the same (about 0.3 s
 * each for a 3-minute song here); with two cores and three parts the operating system keeps both
 * cores busy, where a cut in two left one core waiting for the slower half. Every stage sees the same
 * samples as on one thread (stages are block-size invariant): the output is the same bit for bit.
 */
public final class Renderer {

    public static final double LIMITER_CEILING_DBTP = -1.0;

    /** Threads pay only where there are cores to run them. */
    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;

    /** The stages of the first part of a render on several cores. */
    private static final Set<Param> FIRST_PART = EnumSet.of(Param.INPUT_GAIN_DB, Param.COMP_RATIO, Param.HIGH_EQ_DB,
            Param.MID_EQ_DB, Param.LOW_EQ_DB, Param.AIR_DB);

    private Renderer() {
    }

    /** The settings applied to audio in memory; the input is not modified. */
    public static Audio render(Audio input, MixSettings settings, boolean limiter) {
        return Pipeline.process(input, steps(settings, limiter, false).toArray(Processor[]::new));
    }

    /** The audio that {@code render(result, settings, false)} turns back into {@code input}. */
    public static Audio invert(Audio input, MixSettings settings) {
        return Pipeline.process(input, MixChain.of(settings).inverse());
    }

    /**
     * Renders a stream into a sink in bounded memory, on several cores where the machine has them (same
     * output as on one); returns the frames written.
     */
    public static long render(AudioSource input, MixSettings settings, boolean limiter, AudioSink output) throws IOException {
        return render(input, settings, limiter, output, MULTICORE);
    }

    /** {@link #invert(Audio, MixSettings)} of a stream, in bounded memory, on several cores where there are. */
    public static long invert(AudioSource input, MixSettings settings, AudioSink output) throws IOException {
        return invert(input, settings, output, MULTICORE);
    }

    /** The same on one thread ({@code parallel} false) or one per part: the same output either way (the benchmark compares). */
    public static long render(AudioSource input, MixSettings settings, boolean limiter, AudioSink output, boolean parallel)
            throws IOException {
        return Pipeline.run(input, steps(settings, limiter, parallel), output, parallel);
    }

    static long invert(AudioSource input, MixSettings settings, AudioSink output, boolean parallel) throws IOException {
        List<MixChain> parts = parallel ? split(settings) : List.of(MixChain.of(settings));
        List<Processor> steps = new ArrayList<>();
        for (int k = parts.size() - 1; k >= 0; k--) steps.add(parts.get(k).inverse());
        return Pipeline.run(input, steps, output, parallel);
    }

    private static List<Processor> steps(MixSettings settings, boolean limiter, boolean parallel) {
        List<Processor> steps = new ArrayList<>(parallel ? split(settings) : List.of(MixChain.of(settings)));
        if (limiter) steps.add(new TruePeakLimiter(LIMITER_CEILING_DBTP));
        return steps;
    }

    /** The chain cut in two: {@link #FIRST_PART}, then the rest. */
    private static List<MixChain> split(MixSettings settings) {
        MixChain first = MixChain.of(settings), second = MixChain.of(settings);
        for (Param p : Param.all()) {
            if (FIRST_PART.contains(p)) second = second.bypass(p);
            else first = first.bypass(p);
        }
        return List.of(first, second);
    }
}

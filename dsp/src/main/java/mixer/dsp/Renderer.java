package mixer.dsp;

import mixer.dsp.chain.MixChain;
import mixer.dsp.limiter.TruePeakLimiter;
import mixer.dsp.params.MixSettings;

/**
 * The one renderer: the 10-stage chain, then (unless bypassed) the safety true-peak limiter at
 * -1 dBTP, on whole files with the limiter's look-ahead compensated so output lines up with input.
 */
public final class Renderer {

    public static final double LIMITER_CEILING_DBTP = -1.0;

    private Renderer() {
    }

    public static Audio render(Audio input, MixSettings settings, boolean limiter) {
        Audio mixed = MixChain.render(input, settings);
        // the chain's output is a copy this method owns: the limiter runs in place, no second copy
        return limiter ? Offline.processInPlace(mixed, new TruePeakLimiter(LIMITER_CEILING_DBTP)) : mixed;
    }

    /** The audio that {@code render(result, settings, false)} turns back into {@code input}. */
    public static Audio invert(Audio input, MixSettings settings) {
        return MixChain.invert(input, settings);
    }
}

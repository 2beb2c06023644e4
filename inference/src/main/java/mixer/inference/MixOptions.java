package mixer.inference;

import java.util.OptionalDouble;

/**
 * How predicted settings become a mix.
 *
 * @param amount     0 … 1: blend the predicted settings toward neutral in normalised space (1 = as
 *                   predicted, 0 = the neutral chain)
 * @param targetLufs when present, the output level is set so the chain's output reaches this
 *                   integrated loudness (before the limiter) instead of the predicted output level
 * @param limiter    whether the safety true-peak limiter (-1 dBTP) runs after the chain
 * @param refine     whether the prediction is refined with the exact chain first ({@link Mixer#refined}: the
 *                   delay and reverb sends where the mix's own stage signatures vanish, then the output level
 *                   toward where finished tracks peak; with a reference, toward the reference's sound)
 */
public record MixOptions(double amount, OptionalDouble targetLufs, boolean limiter, boolean refine) {

    /** As predicted, predicted level, limiter on, not refined. */
    public static final MixOptions DEFAULT = new MixOptions(1.0, OptionalDouble.empty(), true, false);

    /** Not refined. */
    public MixOptions(double amount, OptionalDouble targetLufs, boolean limiter) {
        this(amount, targetLufs, limiter, false);
    }

    public MixOptions {
        if (!(amount >= 0 && amount <= 1)) {
            throw new IllegalArgumentException("amount " + amount + " is outside 0 … 1 (1 = as predicted, 0 = neutral)");
        }
        if (targetLufs.isPresent() && !(targetLufs.getAsDouble() > -70 && targetLufs.getAsDouble() <= 0)) {
            throw new IllegalArgumentException("target loudness " + targetLufs.getAsDouble()
                    + " LUFS is outside -70 … 0 LUFS (streaming services use about -14)");
        }
    }

    public MixOptions withAmount(double amount) {
        return new MixOptions(amount, targetLufs, limiter, refine);
    }

    public MixOptions withTargetLufs(double lufs) {
        return new MixOptions(amount, OptionalDouble.of(lufs), limiter, refine);
    }

    public MixOptions withLimiter(boolean on) {
        return new MixOptions(amount, targetLufs, on, refine);
    }

    public MixOptions withRefine(boolean on) {
        return new MixOptions(amount, targetLufs, limiter, on);
    }
}

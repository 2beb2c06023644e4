package mixer.dataset;

import mixer.dsp.params.Param;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * One manifest row. {@code audio} is what the model hears, {@code source} the finished track it came
 * from (for the restore task, {@code render(audio, targets)} gives {@code source} back). A match task's row
 * has a {@code reference} too: the mix the model hears beside its input (null for the blind tasks). Targets are
 * normalised to [0, 1] in {@link Param} order; a training row of a generated dataset has no targets
 * ({@link #hasTargets()} false): its examples are drawn afresh every epoch from {@code source}.
 */
public record Example(String id, Split split, String audio, String reference, String source, double[] targets, long seed)
        implements java.io.Serializable { // serialisable: a cluster build (module scale) renders rows on other machines

    /** A row without a reference (the blind tasks). */
    public Example(String id, Split split, String audio, String source, double[] targets, long seed) {
        this(id, split, audio, null, source, targets, seed);
    }

    public Example {
        if (reference != null && reference.isBlank()) reference = null;
        if (id == null || id.isBlank()) throw new IllegalArgumentException("an example needs an id");
        if (targets != null) {
            if (targets.length != Param.COUNT) {
                throw new IllegalArgumentException(id + ": expected " + Param.COUNT + " targets, got " + targets.length);
            }
            for (Param p : Param.all()) {
                double t = targets[p.ordinal()];
                if (!(t >= 0 && t <= 1)) {
                    throw new IllegalArgumentException(id + ": target " + p.id + " = " + t
                            + " is outside [0, 1]; manifest targets are normalised (see `mixer params`)");
                }
            }
            targets = targets.clone();
        }
    }

    /** The track an example id belongs to: the part before '#' ("album/song#3" is track "album/song"). */
    public static String trackOf(String exampleId) {
        int hash = exampleId.lastIndexOf('#');
        return hash < 0 ? exampleId : exampleId.substring(0, hash);
    }

    public boolean hasReference() {
        return reference != null;
    }

    public boolean hasTargets() {
        return targets != null;
    }

    public OptionalDouble target(Param p) {
        return targets == null ? OptionalDouble.empty() : OptionalDouble.of(targets[p.ordinal()]);
    }

    @Override
    public double[] targets() {
        return targets == null ? null : targets.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && id.equals(e.id) && split == e.split && audio.equals(e.audio)
                && java.util.Objects.equals(reference, e.reference)
                && source.equals(e.source) && Arrays.equals(targets, e.targets) && seed == e.seed;
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}

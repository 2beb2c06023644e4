package mixer.dataset;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.params.MixSettings;

import java.util.Locale;

/**
 * What the model hears for a finished track r and settings p, and what it must predict (p).
 * <ul>
 * <li>RESTORE (blind): x = invert(r, p), so render(x, p) gives r back and a model's mix can be scored against r.</li>
 * <li>ESTIMATE: x = render(r, p) without the limiter, i.e. analysing a finished mix.</li>
 * <li>MATCH_SAME: the raw crop x (the finished track as raw material) and its mix y = render(x, p) without the limiter:
 * what settings turned this take into this mix (`mixer estimate`).</li>
 * <li>MATCH_OTHER: a crop x and the mix y = render(x', p) of another crop x' of the same track: mix this like that
 * (`mixer mix SONG --reference REF`, as DeepAFx-ST trains on segments A and B of one recording).</li>
 * </ul>
 * The two match tasks give the model a reference as well as its input ({@link #hasReference()}).
 */
public enum Task {
    RESTORE, ESTIMATE, MATCH_SAME, MATCH_OTHER;

    /** The input a single-input task hears (restore, estimate). */
    public Audio input(Audio finished, MixSettings settings) {
        return switch (this) {
            case RESTORE -> Renderer.invert(finished, settings);
            case ESTIMATE -> Renderer.render(finished, settings, false);
            case MATCH_SAME, MATCH_OTHER -> finished; // the raw material itself; the settings shape the reference
        };
    }

    /** The reference of a match task: the mix of {@code crop} (the input's own audio for match same). */
    public Audio reference(Audio crop, MixSettings settings) {
        if (!hasReference()) throw new IllegalStateException(id() + " has no reference");
        return Renderer.render(crop, settings, false);
    }

    /**
     * Match other's fixed rows cut a finished excerpt in halves, {first, second}: one is the input, the other's mix the
     * reference (the floor of the task is measured on the same cut).
     */
    public static Audio[] halves(Audio finished) {
        int half = finished.frames() / 2;
        return new Audio[] {finished.slice(0, half), finished.slice(half, finished.frames())};
    }

    /** True for the match tasks: the model hears an input and a reference. */
    public boolean hasReference() {
        return this == MATCH_SAME || this == MATCH_OTHER;
    }

    /**
     * True for match same: the reference is the mix of the input's own crop, sample for sample, so a pair's stages can
     * be fitted one on the other ({@link mixer.dataset.features.PairSignatures}); two crops (match other) cannot be.
     */
    public boolean sameCrop() {
        return this == MATCH_SAME;
    }

    /** What the model hears, for reports and messages. */
    public String describe() {
        return switch (this) {
            case RESTORE -> "blind restore (the model hears only x = invert(r, p) of a finished track r and predicts p)";
            case ESTIMATE -> "estimate (the model hears a finished mix render(r, p) and predicts p)";
            case MATCH_SAME -> "match same (the model hears a raw crop x and its mix render(x, p), and predicts p)";
            case MATCH_OTHER -> "match other (the model hears a raw crop and the mix of another crop of the same track with p, "
                    + "and predicts p)";
        };
    }

    /** restore, estimate, match-same, match-other: the name in provenance, folders and options. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The task of an id; "match" alone is match same (the default reference), and "match_same" is read as
     * "match-same".
     */
    public static Task of(String id) {
        String s = id.trim().replace('_', '-');
        if (s.equalsIgnoreCase("match")) return MATCH_SAME;
        for (Task t : values()) {
            if (t.id().equalsIgnoreCase(s)) return t;
        }
        throw new IllegalArgumentException("unknown task '" + id + "'; expected restore, estimate, match-same or match-other");
    }

    /** The match task of a reference kind: "same" or "other". */
    public static Task match(String reference) {
        return switch (reference.trim().toLowerCase(Locale.ROOT)) {
            case "same" -> MATCH_SAME;
            case "other" -> MATCH_OTHER;
            default -> throw new IllegalArgumentException("unknown reference '" + reference + "'; expected same or other");
        };
    }
}

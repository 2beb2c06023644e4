package mixer.dataset;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.params.MixSettings;

import java.util.Locale;

/**
 * What the model hears for a finished track r and settings p, and what it must predict (p).
 * RESTORE: x = invert(r, p), so render(x, p) gives r back and a model's mix can be scored against r.
 * ESTIMATE: x = render(r, p) without the limiter, i.e. analysing a finished mix.
 */
public enum Task {
    RESTORE, ESTIMATE;

    public Audio input(Audio finished, MixSettings settings) {
        return switch (this) {
            case RESTORE -> Renderer.invert(finished, settings);
            case ESTIMATE -> Renderer.render(finished, settings, false);
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Task of(String id) {
        for (Task t : values()) {
            if (t.id().equalsIgnoreCase(id.trim())) return t;
        }
        throw new IllegalArgumentException("unknown task '" + id + "'; expected restore or estimate");
    }
}

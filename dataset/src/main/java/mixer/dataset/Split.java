package mixer.dataset;

import java.util.Locale;

/** The three splits; tracks, never examples, are assigned to them, so no track leaks across splits. */
public enum Split {
    TRAIN, TEST, VALIDATION;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split of(String id) {
        for (Split s : values()) {
            if (s.id().equalsIgnoreCase(id.trim())) return s;
        }
        throw new IllegalArgumentException("unknown split '" + id + "'; expected train, test or validation");
    }
}

package mixer.dataset.features;

import java.util.List;

/** Test helper: the descriptors a pair of windows adds to its two windows' ({@link Features#pair}). */
public final class PairDocs {

    private PairDocs() {
    }

    /** At a feature version: none before 3, and none between two crops. */
    public static List<String> of(int version, boolean sameCrop) {
        return FeatureConfig.requireVersion(version) < 3 || !sameCrop ? List.of() : PairSignatures.DOCS;
    }
}

package mixer.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns tracks to splits by a seeded hash of the track id: tracks are ranked by hash, the lowest
 * go to validation, the next to test, the rest to train, in the proportions 12 : 96 : 154 of the
 * default 262-track corpus (exactly those counts for 262 tracks), or in the proportions of given
 * {@link SplitFractions}. A track's place depends only on its id and the seed, so adding tracks moves at
 * most the few that sit at a boundary of the ranking.
 */
public final class SplitAssigner {

    public static final int DEFAULT_TRAIN = 154;
    public static final int DEFAULT_TEST = 96;
    public static final int DEFAULT_VALIDATION = 12;
    public static final int DEFAULT_TOTAL = DEFAULT_TRAIN + DEFAULT_TEST + DEFAULT_VALIDATION;

    private final long seed;
    private final SplitFractions fractions; // null: the default proportions

    public SplitAssigner(long seed) {
        this(seed, null);
    }

    /** Splits in the proportions of {@code fractions}; null gives the default ones ({@link #counts(int)}). */
    public SplitAssigner(long seed, SplitFractions fractions) {
        this.seed = seed;
        this.fractions = fractions;
    }

    /** Split counts {train, test, validation} for n tracks under the given fractions (null: the default). */
    public static int[] counts(int n, SplitFractions fractions) {
        return fractions == null ? counts(n) : fractions.counts(n);
    }

    /** Split counts for n tracks: the default proportions, with at least one validation and test track. */
    public static int[] counts(int n) {
        if (n < 3) {
            throw new IllegalArgumentException("a dataset needs at least 3 tracks (one per split), got " + n);
        }
        int validation = Math.max(1, (int) Math.round(n * (double) DEFAULT_VALIDATION / DEFAULT_TOTAL));
        int test = Math.max(1, (int) Math.round(n * (double) DEFAULT_TEST / DEFAULT_TOTAL));
        return new int[] {n - test - validation, test, validation};
    }

    /** The split of each track id, in the order given. Ids must be unique. */
    public Map<String, Split> assign(List<String> trackIds) {
        if (trackIds.stream().distinct().count() != trackIds.size()) {
            throw new IllegalArgumentException("track ids must be unique; duplicates: " + trackIds.stream()
                    .filter(id -> trackIds.indexOf(id) != trackIds.lastIndexOf(id)).distinct().toList());
        }
        int[] c = counts(trackIds.size(), fractions);
        List<String> ranked = trackIds.stream()
                .sorted(Comparator.comparingLong((String id) -> hash(id)).thenComparing(id -> id))
                .toList();
        Map<String, Split> rank = new LinkedHashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            Split s = i < c[2] ? Split.VALIDATION : i < c[2] + c[1] ? Split.TEST : Split.TRAIN;
            rank.put(ranked.get(i), s);
        }
        Map<String, Split> inOrder = new LinkedHashMap<>();
        for (String id : trackIds) inOrder.put(id, rank.get(id));
        return inOrder;
    }

    long hash(String trackId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((seed + "/" + trackId).getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xff);
            return h >>> 1; // non-negative, so the natural order is the ranking
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

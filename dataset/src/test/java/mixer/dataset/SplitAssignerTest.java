package mixer.dataset;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class SplitAssignerTest {

    private static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "track-" + i).toList();
    }

    private static long count(Map<String, Split> m, Split s) {
        return m.values().stream().filter(s::equals).count();
    }

    @Test
    void theDefaultCorpusSplits154TrainAnd96TestAnd12Validation() {
        Map<String, Split> m = new SplitAssigner(42).assign(ids(262));
        assertEquals(154, count(m, Split.TRAIN));
        assertEquals(96, count(m, Split.TEST));
        assertEquals(12, count(m, Split.VALIDATION));
    }

    @Test
    void smallFoldersGetProportionalSplitsWithEverySplitPresent() {
        Map<String, Split> m = new SplitAssigner(1).assign(ids(10));
        assertEquals(10, m.size());
        assertTrue(count(m, Split.VALIDATION) >= 1 && count(m, Split.TEST) >= 1 && count(m, Split.TRAIN) >= 1);
        assertThrows(IllegalArgumentException.class, () -> new SplitAssigner(1).assign(ids(2)));
    }

    @Test
    void sameSeedSameSplitsWhateverTheOrder() {
        List<String> ids = new ArrayList<>(ids(262));
        Map<String, Split> a = new SplitAssigner(7).assign(ids);
        java.util.Collections.reverse(ids);
        Map<String, Split> b = new SplitAssigner(7).assign(ids);
        for (String id : ids) assertEquals(a.get(id), b.get(id), id);
        Map<String, Split> c = new SplitAssigner(8).assign(ids);
        assertTrue(ids.stream().anyMatch(id -> a.get(id) != c.get(id)), "another seed gives other splits");
    }

    @Test
    void addingTracksMovesFewOfTheOldOnes() {
        Map<String, Split> before = new SplitAssigner(3).assign(ids(262));
        Map<String, Split> after = new SplitAssigner(3).assign(ids(272));
        long moved = before.keySet().stream().filter(id -> before.get(id) != after.get(id)).count();
        assertTrue(moved <= 10, "adding 10 tracks moved " + moved + " of the 262");
    }

    /** The default assignment, pinned: fractions must not move a single track of a default build. */
    @Test
    void theDefaultAssignmentIsUnchanged() throws Exception {
        assertEquals("719ac22b2bf927d0", digest(new SplitAssigner(42).assign(ids(262))));
        assertEquals("eace5861ea984d66", digest(new SplitAssigner(20_261_124L).assign(ids(115))));
        assertEquals(digest(new SplitAssigner(42).assign(ids(262))), digest(new SplitAssigner(42, null).assign(ids(262))));
    }

    private static String digest(Map<String, Split> m) throws Exception {
        StringBuilder sb = new StringBuilder();
        m.forEach((id, s) -> sb.append(id).append('=').append(s.id()).append('\n'));
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(d).substring(0, 16);
    }

    /** Issue 12 item 15: an evaluation-only dataset (every track in test), or fractions of one's own. */
    @Test
    void fractionsPutTracksWhereAsked() {
        Map<String, Split> allTest = new SplitAssigner(5, SplitFractions.only(Split.TEST)).assign(ids(115));
        assertEquals(115, count(allTest, Split.TEST));

        Map<String, Split> m = new SplitAssigner(5, SplitFractions.parse("0.6,0.35,0.05")).assign(ids(115));
        assertEquals(69, count(m, Split.TRAIN));
        assertEquals(40, count(m, Split.TEST));
        assertEquals(6, count(m, Split.VALIDATION));
        // a split asked for keeps at least one track
        assertArrayEquals(new int[] {3, 1, 1}, SplitFractions.parse("0.9,0.05,0.05").counts(5));
        assertArrayEquals(new int[] {0, 3, 0}, SplitFractions.parse("0,1,0").counts(3));
        assertArrayEquals(new int[] {5, 4, 1}, SplitFractions.parse("0.5, 0.4, 0.1").counts(10));

        // the same seed ranks the same way: the validation tracks of 0.6/0.35/0.05 lead the test tracks of the rest
        Map<String, Split> sixty = new SplitAssigner(5, SplitFractions.parse("0.6,0.35,0.05")).assign(ids(20));
        Map<String, Split> fifty = new SplitAssigner(5, SplitFractions.parse("0.5,0.45,0.05")).assign(ids(20));
        for (String id : sixty.keySet()) if (sixty.get(id) != Split.TRAIN) assertNotEquals(Split.TRAIN, fifty.get(id), id);
    }

    @Test
    void badFractionsAreExplained() {
        for (String bad : new String[] {"0.6,0.35", "0.6,0.6,0.05", "a,b,c", "-0.1,0.6,0.5", "0.6,0.35,0.05,0"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> SplitFractions.parse(bad), bad);
            assertTrue(e.getMessage().contains("sum to 1") || e.getMessage().contains("between 0 and 1"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> SplitFractions.parse("0.6,0.35,0.05").counts(2));
        assertTrue(e.getMessage().contains("2 track(s) cannot fill the 3 splits"), e.getMessage());
    }

    @Test
    void duplicateIdsAreRejectedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SplitAssigner(1).assign(List.of("a", "b", "a", "c")));
        assertTrue(e.getMessage().contains("[a]"), e.getMessage());
    }
}

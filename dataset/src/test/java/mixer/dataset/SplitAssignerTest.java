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

    @Test
    void duplicateIdsAreRejectedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SplitAssigner(1).assign(List.of("a", "b", "a", "c")));
        assertTrue(e.getMessage().contains("[a]"), e.getMessage());
    }
}

package mixer.dataset;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrackJobsTest {

    /** A few slow tracks (long songs) said nothing for minutes: a line came only every 25 tracks. */
    @Test
    void slowTracksGetAProgressLineEveryTenSeconds() throws IOException {
        long[] now = {0};
        List<String> log = new ArrayList<>();
        TrackJobs jobs = TrackJobs.inProcess(log::add, () -> now[0]);
        List<Integer> out = jobs.map("rendering", List.of(1, 2, 3, 4), item -> {
            now[0] += 11_000_000_000L; // each track takes 11 s
            return item * 2;
        });
        assertEquals(List.of(2, 4, 6, 8), out);
        assertEquals(List.of("rendering: 1/4 tracks", "rendering: 2/4 tracks", "rendering: 3/4 tracks"), log);

        // fast tracks: a line every 25
        log.clear();
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) many.add(i);
        jobs.map("hashing", many, item -> item);
        assertEquals(List.of("hashing: 25/60 tracks", "hashing: 50/60 tracks"), log);
    }
}

package mixer.dataset.features;

import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SongWindowsTest {

    @Test
    void aLongSongGetsTheMaximumNumberOfEvenlySpacedWindowsFromStartToEnd() {
        int window = 132_000, frames = 180 * 44_100;
        long[] s = SongWindows.starts(frames, window, 16);
        assertEquals(16, s.length);
        assertEquals(0, s[0]);
        assertEquals(frames - window, s[15], "the last window ends at the song's end");
        long step = s[1] - s[0];
        for (int i = 1; i < s.length; i++) assertTrue(Math.abs(s[i] - s[i - 1] - step) <= 1, "evenly spaced");
        assertTrue(step > window, "a long song's windows do not overlap");
    }

    @Test
    void aShortSongGetsAsManyWholeWindowsAsFitAndATinyOneGetsOne() {
        int window = 1000;
        long[] s = SongWindows.starts(3500, window, 16);
        assertEquals(3, s.length, "three whole windows fit in 3500 samples");
        assertEquals(0, s[0]);
        assertEquals(2500, s[2]);
        assertArrayEquals(new long[] {0}, SongWindows.starts(700, window, 16), "shorter than a window: one, padded");
        assertArrayEquals(new long[] {250}, SongWindows.starts(1500, window, 16), "one fits: the middle one");
        assertThrows(IllegalArgumentException.class, () -> SongWindows.starts(3500, window, 0));
    }

    @Test
    void nearSilentWindowsAreLeftOutUnlessEverythingIsSilent() throws Exception {
        int rate = 44_100;
        int window = FeatureConfig.DEFAULT.windowSamples(rate);
        Audio music = SyntheticMusic.generate(4 * window / (double) rate, rate, 3);
        // silence over the first half
        for (float[] ch : music.stereo()) java.util.Arrays.fill(ch, 0, 2 * window, 0f);
        long[] all = SongWindows.starts(music.frames(), window, 16);
        List<Audio> audible = SongWindows.read(mixer.dsp.AudioSource.of(music), music.frames(), window, 16, null);
        assertEquals(4, all.length);
        assertEquals(2, audible.size());
        assertArrayEquals(music.slice(2 * window, 3 * window).left(), audible.get(0).left(), "the third window, whole");
        assertArrayEquals(music.slice(3 * window, 4 * window).right(), audible.get(1).right(), "the fourth");
        Audio silent = Audio.silence(4 * window, rate);
        assertEquals(4, SongWindows.read(mixer.dsp.AudioSource.of(silent), silent.frames(), window, 16, null).size(),
                "all silent: all windows");
    }

    @Test
    void featuresAreComputedForTheChosenWindowsOnly() {
        int rate = 44_100;
        int window = FeatureConfig.DEFAULT.windowSamples(rate);
        Audio music = SyntheticMusic.generate(3.5 * window / rate, rate, 4);
        List<Features> f = SongWindows.features(music, FeatureConfig.DEFAULT, 2);
        assertEquals(2, f.size());
        assertEquals(2, f.get(0).logMel().length);
        assertEquals(FeatureConfig.DEFAULT.frames(), f.get(0).logMel()[0][0].length);
        int last = music.frames() - window;
        var spectrogram = new LogMelSpectrogram(FeatureConfig.DEFAULT, rate);
        var expected = Features.of(music, last, FeatureConfig.DEFAULT, spectrogram);
        assertArrayEquals(expected.descriptors(), f.get(1).descriptors(), "the second window is the song's last");
        // computed in parallel, the same as one by one, in song order
        List<Features> many = SongWindows.features(music, FeatureConfig.DEFAULT, 3);
        long[] starts = SongWindows.starts(music.frames(), window, 3);
        for (int i = 0; i < starts.length; i++) {
            Features one = Features.of(music, (int) starts[i], FeatureConfig.DEFAULT, spectrogram);
            assertArrayEquals(one.descriptors(), many.get(i).descriptors());
            for (int c = 0; c < 2; c++) {
                for (int b = 0; b < one.logMel()[c].length; b++) assertArrayEquals(one.logMel()[c][b], many.get(i).logMel()[c][b]);
            }
        }
    }
}

package mixer.inference;

import mixer.dataset.features.SongWindows;
import mixer.dataset.match.ReferenceDistance;
import mixer.dsp.Audio;
import mixer.dsp.AudioSource;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reference as the songs of one rate hear it ({@code mixer mix --reference}, {@code compare --reference}): the
 * reference at that rate ({@link Mixer#reference(int)}) and what each stage reads of it, each read once however many
 * songs a batch mixes toward it: the windows a model pairs with a song's, the evenly spaced windows the air's second
 * stage, refinement and the distance to the reference hear ({@link #profile}, {@link #distanceTo}).
 */
public final class Reference {

    private final Song original;
    private final Song song;
    private final Map<Integer, List<Audio>> windowsByLength = new HashMap<>();
    private List<Audio> profile;
    private ReferenceDistance distance;

    /** {@code original} heard at {@code rateHz} ({@link Song#atRate}). */
    Reference(Song original, int rateHz) {
        this.original = original;
        this.song = original.atRate(rateHz);
    }

    /** The reference as the user gave it, at its own rate. */
    Song original() {
        return original;
    }

    /** Up to {@code maxWindows} windows of {@code length} frames, as a model hears a song's ({@link SongWindows#readAll}). */
    synchronized List<Audio> windows(int length, int maxWindows) throws IOException {
        List<Audio> windows = windowsByLength.get(length);
        if (windows == null) {
            try (AudioSource in = song.open()) {
                windows = SongWindows.readAll(in, song.frames(), length, maxWindows, null);
            }
            windowsByLength.put(length, windows);
        }
        return windows;
    }

    /**
     * The evenly spaced windows a song's second stage, its refinement and the distance hear
     * ({@link Mixer#evenlySpacedWindows}).
     */
    public synchronized List<Audio> profile() throws IOException {
        if (profile == null) profile = Mixer.evenlySpacedWindows(song);
        return profile;
    }

    /**
     * How near a song sounds to the reference ({@link ReferenceDistance}, unaligned: time-averaged band profiles of mid
     * and side, and loudness), both heard on their evenly spaced windows: what {@code mixer mix --reference} and
     * {@code mixer compare --reference} print for a mix and for the song itself.
     */
    public double distanceTo(Song song) throws IOException {
        ReferenceDistance d;
        synchronized (this) {
            if (distance == null) distance = ReferenceDistance.unaligned(profile());
            d = distance;
        }
        return d.to(Mixer.evenlySpacedWindows(song));
    }
}

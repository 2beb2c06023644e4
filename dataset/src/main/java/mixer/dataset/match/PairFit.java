package mixer.dataset.match;

import mixer.dataset.features.SongWindows;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.params.MixSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * How much of a pair of one take (match same: a raw take and its mix) a setting of the chain explains: the distance
 * ({@link ReferenceDistance}, aligned) of render(raw, settings) from the mix, beside that of the raw take itself. A pair
 * that is not a take and its mix by this chain (another take, another edit, the limiter on, other processing) is given
 * the chain's nearest settings all the same: this says so.
 *
 * <p>Heard on up to {@link #MAX_WINDOWS} evenly spaced windows of {@link #WINDOW_SECONDS} (as refinement hears a song),
 * so that memory stays bounded (the distance's spectra take about 4 MB a second); the render runs over the whole take,
 * from its first frame, as the mix was made.
 */
public final class PairFit {

    public static final double WINDOW_SECONDS = 10;
    public static final int MAX_WINDOWS = 6;

    /**
     * Above this distance the chain does not explain the pair. Measured ({@code PairFitProbe}, match same's 96 validation
     * pairs of 12 tracks, 30 s each, the ensemble with its second stage, 2026-12-04): a take and its mix leave 0.0003-0.0999
     * (median 0.0078); a take against another track's mix, cut to one length, 2.96-22.7 (the 32 pairs at one rate).
     * Between the two on a log scale.
     */
    public static final double UNEXPLAINED = 0.5;

    /**
     * @param left   distance of render(raw, settings) from the mix
     * @param before distance of the raw take itself from the mix
     */
    public record Fit(double left, double before) {
        public boolean explained() {
            return left <= UNEXPLAINED;
        }
    }

    private PairFit() {
    }

    /** The fit of {@code settings} to a pair of one rate and length (the limiter off, as match same renders). */
    public static Fit of(Audio raw, Audio mixed, MixSettings settings) {
        if (raw.sampleRateHz() != mixed.sampleRateHz() || raw.frames() != mixed.frames()) {
            throw new IllegalArgumentException("a pair has one rate and length: " + raw.frames() + " frames at " + raw.sampleRateHz()
                    + " Hz against " + mixed.frames() + " at " + mixed.sampleRateHz());
        }
        int length = (int) Math.round(WINDOW_SECONDS * raw.sampleRateHz());
        long[] starts = SongWindows.starts(raw.frames(), length, MAX_WINDOWS);
        Audio rendered = Renderer.render(raw, settings, false);
        List<Audio> mix = new ArrayList<>(), heard = new ArrayList<>(), rawPieces = new ArrayList<>();
        for (long s : starts) {
            int from = (int) s, to = (int) Math.min(raw.frames(), s + length);
            mix.add(mixed.slice(from, to));
            heard.add(rendered.slice(from, to));
            rawPieces.add(raw.slice(from, to));
        }
        ReferenceDistance distance = ReferenceDistance.aligned(mix);
        return new Fit(distance.to(heard), distance.to(rawPieces));
    }
}

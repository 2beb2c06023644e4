package mixer.inference;

import mixer.dataset.match.GainStructure;
import mixer.dataset.match.PairFit;
import mixer.dataset.match.ReferenceRefiner;
import mixer.dataset.match.SecondStage;
import mixer.dsp.Audio;
import mixer.dsp.chain.MixChain;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Estimating the settings that turn a raw take into its mix ({@code mixer estimate}, the match same task): a match-same
 * model's prediction from the pair's windows, the second stage that reads every setting from the pair (from each start
 * an ensemble gives, keeping the one that explains the pair best), optionally refined with the exact chain; then what
 * the pair shows of the estimate. What is worth saying comes back as data; the caller words it.
 */
public final class Estimation {

    /**
     * Below this range of gain reduction (dB, {@link GainStructure#reductionRangeDb}) the compressor hardly shows how the
     * level splits between input gain and output level. Measured ({@code SecondStageProbe}, 64 training tracks, the
     * range at the true settings): the second stage's input-gain error averaged 0.156 on the 7 rows under 1 dB (a split
     * drawn at random within the ranges costs about 0.17), 0.018 on the 7 at 1-2 dB and 0.015 on the 50 above.
     */
    public static final double SPLIT_HEARD_DB = 1;

    /** Equal samples in a row that count as a clip (two happen at a peak of a low tone); at 16 bits full scale is 32767/32768. */
    static final int CLIP_RUN = 3;
    static final float CLIP_LEVEL = 0.999f;

    private Estimation() {
    }

    /** A take and its mix, each read into memory once: every stage hears the same audio. */
    public record Pair(Song raw, Audio rawAudio, Song mixed, Audio mixedAudio) {
        public static Pair read(Song raw, Song mixed) throws IOException {
            return new Pair(raw, Mixer.whole(raw), mixed, Mixer.whole(mixed));
        }

        public int sampleRateHz() {
            return raw.sampleRateHz();
        }
    }

    /**
     * An estimate.
     *
     * @param starts         the network's prediction first, then its members' (an ensemble's; none for a single model)
     * @param keptStart      the index in {@code starts} whose second stage explained the pair best
     * @param estimated      the second stage's settings (a stage the rate bypasses neutral)
     * @param settings       the answer: {@code estimated}, or that refined
     * @param bypassed       the stages the pair's rate bypasses: they leave no trace, so are estimated neutral
     * @param clippedRuns    runs of full-scale samples in the mix ({@link #clippedRuns}): the chain cannot explain them
     * @param monoMixOfStereo the mix is mono and the take stereo: the pair reads as if the width folded the side away
     * @param gainReductionRangeDb how much the compressor's gain reduction varies in the pair ({@link #splitHeard})
     * @param fit            how much of the pair the settings explain
     */
    public record Result(List<Prediction> starts, int keptStart, MixSettings estimated, MixSettings settings, boolean refined,
                         int sampleRateHz, Set<Param> bypassed, long clippedRuns, boolean monoMixOfStereo,
                         double gainReductionRangeDb, PairFit.Fit fit) {
        /** The network's own prediction. */
        public Prediction network() {
            return starts.get(0);
        }

        /** The model whose start the settings came from. */
        public String keptModel() {
            return starts.get(keptStart).model();
        }

        /** Whether the pair shows how the level splits between input gain and output level ({@link #SPLIT_HEARD_DB}). */
        public boolean splitHeard() {
            return gainReductionRangeDb >= SPLIT_HEARD_DB;
        }
    }

    /**
     * Estimates the settings of {@code pair} with {@code mixer} (a match-same model's, its reference the mix); with
     * {@code refine} the second stage's answer is refined against the mix with the exact chain.
     */
    public static Result estimate(Mixer mixer, Pair pair, boolean refine) throws IOException {
        return estimate(mixer, pair, refine, step -> { });
    }

    /** As {@link #estimate(Mixer, Pair, boolean)}, telling {@code step} what it does next (seconds each on a long pair). */
    public static Result estimate(Mixer mixer, Pair pair, boolean refine, java.util.function.Consumer<String> step) throws IOException {
        step.accept("the model hears the pair");
        // the ensemble's second stage starts from its members' settings too, and keeps what explains the pair best
        List<Prediction> starts = mixer.predictWithMembers(mixer.windows(pair.raw(), null));
        step.accept("reading the settings from the pair with the exact chain (" + starts.size() + " start" + (starts.size() == 1 ? "" : "s") + ")");
        SecondStage.Kept kept = SecondStage.estimate(pair.rawAudio(), pair.mixedAudio(),
                starts.stream().map(Prediction::settings).toList());
        // a stage this rate bypasses (the air shelf at 24 kHz and below) leaves no trace in the pair: its setting would be
        // the network's guess, printed and saved as if read; it is neutral, as `mixer mix` and the training targets take it
        int rate = pair.sampleRateHz();
        MixSettings estimated = MixChain.applicable(kept.settings(), rate);
        if (refine) step.accept("refining against the mix");
        MixSettings settings = refine
                ? MixChain.applicable(ReferenceRefiner.refine(pair.rawAudio(), pair.mixedAudio(), estimated, true), rate) : estimated;
        boolean monoMixOfStereo = pair.mixed().sourceChannels() == 1 && pair.raw().sourceChannels() == 2;
        return new Result(starts, kept.start(), estimated, settings, refine, rate, MixChain.bypassedAt(rate),
                clippedRuns(pair.mixedAudio()), monoMixOfStereo,
                GainStructure.reductionRangeDb(pair.rawAudio(), pair.mixedAudio(), settings),
                PairFit.of(pair.rawAudio(), pair.mixedAudio(), settings));
    }

    /**
     * Runs of {@value #CLIP_RUN} or more equal samples at full scale in a channel: what a mix written to integer PCM above
     * 0 dBFS holds. The chain's own mixes never hold a sample (they can exceed full scale, kept in float).
     */
    public static long clippedRuns(Audio audio) {
        long runs = 0;
        for (float[] channel : audio.stereo()) {
            int run = 1;
            for (int i = 1; i < channel.length; i++) {
                run = channel[i] == channel[i - 1] && Math.abs(channel[i]) >= CLIP_LEVEL ? run + 1 : 1;
                if (run == CLIP_RUN) runs++;
            }
        }
        return runs;
    }
}

package mixer.dataset;

import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;

/**
 * The level finished music has, as measured on the default corpus's 154 training tracks, and what a blind mix takes
 * from it (a blind restore cannot know how loud a song was finished).
 * <ul>
 * <li>How loud it gets: the loudest measures {@value #LOUDEST_LUFS} LUFS (integrated, 2026-12-02). A mix louder than
 * every finished track the models learnt from is a model's error, not a finish: mixing brings such a mix down to that
 * loudness by its output level ({@link #outputLevelDb}), which bounds the damage a bad prediction does. Quieter mixes
 * keep their level: finished music quieter than the training tracks is common (ambient pieces; a validation track
 * measures -38 LUFS), and raising it toward their loudness was measured to hurt.</li>
 * <li>How high it peaks: finished tracks peak near full scale more consistently than they are loud (true peak: median
 * {@value #MEDIAN_TRUE_PEAK_DBTP} dBTP, mean absolute deviation 2.03 dB; loudness: 2.96 LU, 2026-12-06), so blind
 * restore's refinement moves the output level part of the way ({@link #PEAK_PULL}) from where the mix peaks to that
 * median ({@link #towardFinishedPeak}): the networks read the total gain (input gain + output level) to 3.8 dB, and
 * the mix's peak shows a part of their error.</li>
 * </ul>
 */
public final class FinishedLevel {

    /** The loudest training track of the default corpus, LUFS. */
    public static final double LOUDEST_LUFS = -7.1;

    /** The median true peak of the default corpus's training tracks (whole excerpts), dBTP. */
    public static final double MEDIAN_TRUE_PEAK_DBTP = -0.73;

    /**
     * The share of the way from the mix's true peak to {@link #MEDIAN_TRUE_PEAK_DBTP} that the output level moves.
     * Measured on validation (the ensemble refined, 96 rows of 12 tracks, the networks of ffd8b88; `PeakPriorProbe`):
     * shares 0 / 0.5 / 0.75 / 1 brought 89.6 / 94.8 / 95.8 / 93.7 % of the mixes closer to the original than the raw
     * input, MR-STFT distance 1.316 / 1.097 / 1.028 / 0.983, the output level's MAE 0.1709 / 0.1612 / 0.1607 / 0.1624;
     * moving the input gain as well only made it worse. A round share, near what two estimates of these spreads
     * (3.8 and 2.0 dB) would weigh.
     */
    public static final double PEAK_PULL = 0.75;

    private FinishedLevel() {
    }

    /**
     * The output level that keeps a mix measured at {@code mixLufs}, rendered with {@code settings}, at or
     * below {@link #LOUDEST_LUFS}: the settings' own when it is, otherwise lowered by the excess, down to the
     * parameter's minimum. A mix too quiet to measure (not finite) keeps its level.
     */
    public static double outputLevelDb(MixSettings settings, double mixLufs) {
        double level = settings.get(Param.OUTPUT_LEVEL_DB);
        if (!(mixLufs > LOUDEST_LUFS)) return level;
        return Math.max(Param.OUTPUT_LEVEL_DB.min, level - (mixLufs - LOUDEST_LUFS));
    }

    /** {@code settings} with {@link #outputLevelDb}. */
    public static MixSettings kept(MixSettings settings, double mixLufs) {
        return settings.with(Param.OUTPUT_LEVEL_DB, outputLevelDb(settings, mixLufs));
    }

    /**
     * {@code settings} with the output level moved {@link #PEAK_PULL} of the way from the true peak of the mix they
     * make ({@code mixTruePeakDbtp}, limiter bypassed) to {@link #MEDIAN_TRUE_PEAK_DBTP}, within the parameter's range;
     * a silent mix (peak not finite) keeps its level.
     */
    public static MixSettings towardFinishedPeak(MixSettings settings, double mixTruePeakDbtp) {
        if (!Double.isFinite(mixTruePeakDbtp)) return settings;
        Param out = Param.OUTPUT_LEVEL_DB;
        double level = settings.get(out) + PEAK_PULL * (MEDIAN_TRUE_PEAK_DBTP - mixTruePeakDbtp);
        return settings.with(out, out.clamp(level));
    }
}

package mixer.dataset;

import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;

/**
 * How loud finished music gets, as measured: the loudest of the default corpus's 154 training tracks
 * measures {@value #LOUDEST_LUFS} LUFS (integrated, 2026-12-02). A blind restore cannot know how loud a
 * song was finished (finished tracks differ by about 3 LU around their median), but a mix louder than
 * every finished track the models learnt from is a model's error, not a finish: mixing brings such a mix
 * down to that loudness by its output level ({@link #outputLevelDb}), which bounds the damage a bad
 * prediction does. Quieter mixes keep their level: finished music quieter than the training tracks is
 * common (ambient pieces; a validation track measures -38 LUFS), and raising it was measured to hurt.
 */
public final class FinishedLoudness {

    /** The loudest training track of the default corpus, LUFS. */
    public static final double LOUDEST_LUFS = -7.1;

    private FinishedLoudness() {
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
}

package mixer.dsp.loudness;

/**
 * The loudness of a programme after ITU-R BS.1770-4 / EBU R128 (see {@link LoudnessMeter}).
 *
 * @param integratedLufs   gated integrated loudness (LUFS); -infinity when no 400 ms block passes the
 *                         absolute gate (silence, or audio shorter than 400 ms)
 * @param loudnessRangeLu  loudness range after EBU Tech 3342 (LU); NaN when no 3 s short-term window
 *                         passes the gates (silence, or audio shorter than 3 s)
 * @param truePeakDbtp     BS.1770-4 Annex 2 true peak, 4x oversampled with {@link TruePeakMeter}'s
 *                         default interpolator (dBTP); -infinity for digital silence
 * @param samplePeakDbfs   largest absolute sample (dBFS); -infinity for digital silence
 * @param maxMomentaryLufs loudest 400 ms block (LUFS), ungated; -infinity when shorter than 400 ms
 *                         or silent
 * @param maxShortTermLufs loudest 3 s window (LUFS), ungated; -infinity when shorter than 3 s or silent
 */
public record Loudness(
        double integratedLufs,
        double loudnessRangeLu,
        double truePeakDbtp,
        double samplePeakDbfs,
        double maxMomentaryLufs,
        double maxShortTermLufs) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "I %.2f LUFS, LRA %.2f LU, TP %.2f dBTP, SP %.2f dBFS, M max %.2f LUFS, S max %.2f LUFS",
                integratedLufs, loudnessRangeLu, truePeakDbtp, samplePeakDbfs, maxMomentaryLufs,
                maxShortTermLufs);
    }
}

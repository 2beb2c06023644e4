package mixer.dsp.stages;

import static mixer.dsp.stages.FeedbackCompressor.ATTACK_MS;
import static mixer.dsp.stages.FeedbackCompressor.MAX_GAIN_REDUCTION_DB;
import static mixer.dsp.stages.FeedbackCompressor.PROGRAM_FLOOR_DB;
import static mixer.dsp.stages.FeedbackCompressor.PROGRAM_REFERENCE_DB;
import static mixer.dsp.stages.FeedbackCompressor.PROGRAM_RMS_MS;
import static mixer.dsp.stages.FeedbackCompressor.RELEASE_MS;
import static mixer.dsp.stages.FeedbackCompressor.THRESHOLD_DB;
import static mixer.dsp.stages.FeedbackCompressor.THRESHOLD_TRACKING;

/**
 * The detectors and gain computer of {@link FeedbackCompressor}, shared by its forward and inverse
 * directions so they cannot drift apart: both ask {@link #gain()} (from the OUTPUT up to the previous
 * sample), then {@link #push} the current output sample. Forward: y = x * g, push y. Inverse: x = y / g,
 * push y. Because g never depends on the current sample, the inverse is exact.
 */
final class FeedbackGainComputer {

    private final double thresholdLin;      // the threshold at the reference program level
    private final double referenceMeanSquare;
    private final double floorMeanSquare;
    private final double minGain;
    private final TablePower overPower;     // (env / threshold)^(1 - ratio)
    private final TablePower trackingPower; // (mean square / reference)^(tracking / 2): threshold / thresholdLin

    private double attackCoef;
    private double releaseCoef;
    private double programCoef;
    private double env;                     // peak envelope of max(|yL|, |yR|), linear
    private double meanSquare;              // program level: mean square of max(|yL|, |yR|)

    FeedbackGainComputer(double ratio) {
        thresholdLin = StrictMath.pow(10, THRESHOLD_DB / 20);
        referenceMeanSquare = StrictMath.pow(10, PROGRAM_REFERENCE_DB / 10);
        floorMeanSquare = StrictMath.pow(10, PROGRAM_FLOOR_DB / 10);
        minGain = StrictMath.pow(10, -MAX_GAIN_REDUCTION_DB / 20);
        overPower = new TablePower(1 - ratio);
        trackingPower = new TablePower(THRESHOLD_TRACKING / 2);
    }

    void prepare(double sampleRateHz) {
        attackCoef = StrictMath.exp(-1 / (ATTACK_MS / 1000 * sampleRateHz));
        releaseCoef = StrictMath.exp(-1 / (RELEASE_MS / 1000 * sampleRateHz));
        programCoef = StrictMath.exp(-1 / (PROGRAM_RMS_MS / 1000 * sampleRateHz));
        reset();
    }

    /** Until the program level is known, it is taken to be the reference (the threshold is THRESHOLD_DB). */
    void reset() {
        env = 0;
        meanSquare = referenceMeanSquare;
    }

    /**
     * The gain for the current sample: in dB, -min(range, (ratio - 1) * max(0, over)) with over = 20 log10(env)
     * - {@link FeedbackCompressor#thresholdDb}(program level); in linear terms (env / threshold)^(1 - ratio),
     * the threshold thresholdLin * (mean square / reference)^(tracking / 2) (a test holds the two equal).
     */
    double gain() {
        double program = meanSquare > floorMeanSquare ? meanSquare : floorMeanSquare;
        double trackedThresholdLin = thresholdLin * trackingPower.of(program / referenceMeanSquare);
        double e = env;
        if (e <= trackedThresholdLin) return 1.0;
        double g = overPower.of(e / trackedThresholdLin);
        return g < minGain ? minGain : g;
    }

    /** Feeds the (float) output sample of this frame into the peak follower and the program level. */
    void push(float outL, float outR) {
        double level = Math.max(Math.abs(outL), Math.abs(outR));
        double e = env;
        double coef = level > e ? attackCoef : releaseCoef;
        env = Require.flush(level + coef * (e - level));
        double square = level * level;
        meanSquare = Require.flush(square + programCoef * (meanSquare - square));
    }

    /** The gain at the cap: {@link #gain()} returns exactly this there. */
    double minGain() {
        return minGain;
    }

    /** Sets the peak envelope and the program level, both in dBFS (for tests of the gain curve). */
    void setLevels(double envelopeDb, double programDb) {
        env = StrictMath.pow(10, envelopeDb / 20);
        meanSquare = StrictMath.pow(10, programDb / 10);
    }
}

package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.params.Param;

import java.util.SplittableRandom;

/**
 * What the match probes draw for a training track, in one order so that each probe's numbers stay reproducible: a crop,
 * settings as the dataset draws them (width from 0.025), and a network's settings simulated from them (the truth with
 * Gaussian noise, the gain structure at the middle).
 */
record ProbeDraw(Audio crop, double[] truth, double[] network) {

    static final Param[] GAINS = {Param.INPUT_GAIN_DB, Param.COMP_RATIO, Param.OUTPUT_LEVEL_DB};

    /** The crop cut in halves, as match other's test rows are: {input, the crop its reference is rendered from}. */
    Audio[] halves() {
        int half = crop.frames() / 2;
        return new Audio[] {crop.slice(0, half), crop.slice(half, crop.frames())};
    }

    static ProbeDraw of(Audio source, double seconds, double noise, SplittableRandom rng) {
        int frames = (int) Math.min(source.frames(), seconds * source.sampleRateHz());
        int at = rng.nextInt(source.frames() - frames + 1);
        double[] p = new double[Param.COUNT];
        for (int k = 0; k < p.length; k++) p[k] = rng.nextDouble();
        p[Param.STEREO_WIDTH.ordinal()] = Math.max(p[Param.STEREO_WIDTH.ordinal()], 0.025);
        double[] start = p.clone();
        for (int j = 0; j < start.length; j++) start[j] = Math.min(1, Math.max(0, start[j] + noise * rng.nextGaussian()));
        for (Param g : GAINS) start[g.ordinal()] = 0.5;
        return new ProbeDraw(source.slice(at, at + frames), p, start);
    }
}

package mixer.dsp;

import java.util.SplittableRandom;

/**
 * Seeded music-like stereo audio for tests and benchmarks: a 120 bpm pattern of kick, hi-hat and snare
 * noise bursts, a bass line and a panned three-note chord, peaking at -3 dBFS. Not music, but it has
 * what the chain acts on: transients for the compressor, lows, mids and highs for the EQs, and a stereo
 * image for the width stage.
 */
public final class SyntheticMusic {

    private SyntheticMusic() {
    }

    public static Audio generate(double seconds, int sampleRateHz, long seed) {
        int frames = (int) Math.round(seconds * sampleRateHz);
        float[][] out = new float[2][frames];
        SplittableRandom rng = new SplittableRandom(seed);
        double beatS = 0.5;
        double[] roots = {55.0, 65.41, 49.0, 73.42}; // A1, C2, G1, D2: one bar each
        double rate = sampleRateHz;
        double hatState = 0;
        for (int n = 0; n < frames; n++) {
            double t = n / rate;
            int beat = (int) (t / beatS);
            double inBeat = t - beat * beatS;
            double root = roots[(beat / 4) % roots.length];
            // Kick on every beat: a falling sine with a fast decay.
            double kick = Math.sin(2 * Math.PI * (50 + 80 * Math.exp(-inBeat * 30)) * inBeat) * Math.exp(-inBeat * 12);
            // Hi-hat on off-beats: high-passed noise with a short decay.
            double noise = rng.nextDouble(-1, 1);
            double hp = noise - hatState;
            hatState = noise;
            double offBeat = inBeat - beatS / 2;
            double hat = offBeat >= 0 ? 0.25 * hp * Math.exp(-offBeat * 60) : 0;
            // Snare on beats 2 and 4: broadband noise.
            double snare = (beat % 2 == 1) ? 0.35 * noise * Math.exp(-inBeat * 20) : 0;
            double bass = 0.35 * Math.sin(2 * Math.PI * root * t) * (0.6 + 0.4 * Math.exp(-inBeat * 4));
            double chordL = 0, chordR = 0;
            double[] ratios = {4, 5, 6}; // a major triad two octaves above the root
            for (int k = 0; k < ratios.length; k++) {
                double f = root * 2 * ratios[k];
                double tone = Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t);
                double pan = k / 2.0; // left, centre, right
                chordL += 0.08 * tone * (1 - pan);
                chordR += 0.08 * tone * pan;
            }
            double centre = 0.6 * kick + bass + snare;
            out[0][n] = (float) (centre + hat * 0.8 + chordL);
            out[1][n] = (float) (centre + hat * 1.2 + chordR);
        }
        Audio audio = new Audio(out, sampleRateHz);
        float peak = audio.samplePeak();
        float scale = peak > 0 ? (float) (Math.pow(10, -3 / 20.0) / peak) : 1f;
        for (float[] ch : out) {
            for (int n = 0; n < frames; n++) ch[n] *= scale;
        }
        return audio;
    }
}

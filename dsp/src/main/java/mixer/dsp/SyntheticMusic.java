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
        try (AudioSource source = source(seconds, sampleRateHz, seed)) {
            return AudioSource.readAll(source);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // generated: cannot happen
        }
    }

    /**
     * The same music as {@link #generate}, frame for frame, as a stream of any length in bounded memory
     * (generated twice: once for the peak that sets the level, once to deliver).
     */
    public static AudioSource source(double seconds, int sampleRateHz, long seed) {
        long frames = Math.round(seconds * sampleRateHz);
        Generator peakPass = new Generator(sampleRateHz, seed);
        float peak = 0;
        for (long n = 0; n < frames; n++) {
            peakPass.next();
            peak = Math.max(peak, Math.max(Math.abs(peakPass.left), Math.abs(peakPass.right)));
        }
        float scale = peak > 0 ? (float) (Math.pow(10, -3 / 20.0) / peak) : 1f;
        Generator g = new Generator(sampleRateHz, seed);
        AudioSpec spec = new AudioSpec(sampleRateHz);
        return new AudioSource() {
            private long done;

            @Override
            public AudioSpec spec() {
                return spec;
            }

            @Override
            public long frames() {
                return frames;
            }

            @Override
            public int read(float[][] stereo, int offset, int maxFrames) {
                int n = (int) Math.min(maxFrames, frames - done);
                for (int i = offset; i < offset + n; i++) {
                    g.next();
                    stereo[0][i] = g.left * scale;
                    stereo[1][i] = g.right * scale;
                }
                done += n;
                return n;
            }
        };
    }

    /** Frame after frame of the pattern, before its level is set. */
    private static final class Generator {
        private static final double BEAT_S = 0.5;
        private static final double[] ROOTS_HZ = {55.0, 65.41, 49.0, 73.42}; // A1, C2, G1, D2: one bar each
        private static final double[] TRIAD = {4, 5, 6}; // a major triad two octaves above the root
        private final double sampleRateHz;
        private final SplittableRandom rng;
        private double hatState;
        private long n;
        float left;
        float right;

        Generator(int sampleRateHz, long seed) {
            this.sampleRateHz = sampleRateHz;
            this.rng = new SplittableRandom(seed);
        }

        void next() {
            double beatS = BEAT_S;
            double[] rootsHz = ROOTS_HZ;
            double t = n++ / sampleRateHz; // s
            int beat = (int) (t / beatS);
            double inBeat = t - beat * beatS;
            double rootHz = rootsHz[(beat / 4) % rootsHz.length];
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
            double bass = 0.35 * Math.sin(2 * Math.PI * rootHz * t) * (0.6 + 0.4 * Math.exp(-inBeat * 4));
            double chordL = 0, chordR = 0;
            double[] ratios = TRIAD;
            for (int k = 0; k < ratios.length; k++) {
                double toneHz = rootHz * 2 * ratios[k];
                double tone = Math.sin(2 * Math.PI * toneHz * t) + 0.3 * Math.sin(4 * Math.PI * toneHz * t);
                double pan = k / 2.0; // left, centre, right
                chordL += 0.08 * tone * (1 - pan);
                chordR += 0.08 * tone * pan;
            }
            double centre = 0.6 * kick + bass + snare;
            left = (float) (centre + hat * 0.8 + chordL);
            right = (float) (centre + hat * 1.2 + chordR);
        }
    }
}

package mixer.dataset.features;

import mixer.dsp.Audio;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The features of one window: log-mel {@code [channels][bands][frames]} and the descriptor vector. A window of one
 * piece of audio has {@value #CHANNELS} channels (mid, side); a match task's window is a {@link #pair} of its input's
 * and its reference's windows.
 */
public record Features(float[][][] logMel, float[] descriptors) {

    /** Log-mel channels of one piece of audio: mid and side. */
    public static final int CHANNELS = 2;
    /** A pair's parts: the input, the reference, and the reference less the input. */
    public static final int PAIR_PARTS = 3;

    /** Features of the window of {@code audio} that starts at {@code startSample}. */
    public static Features of(Audio audio, int startSample, FeatureConfig config, LogMelSpectrogram spectrogram) {
        Audio window = window(audio, startSample, config.windowSamples(audio.sampleRateHz()));
        return new Features(spectrogram.compute(audio, startSample, config.frames()), Descriptors.compute(window, config.version()));
    }

    /**
     * What a match task's model hears in one window pair, the input's window at {@code inputStart} and the reference's
     * at {@code referenceStart}: the input's channels, the reference's, and the reference's less the input's (log-mel
     * differences are gains in dB per band and frame: the EQ, level and width the settings made, which a network would
     * otherwise have to learn to subtract); the descriptors likewise, in three blocks, and from feature version 3 the
     * pair's own {@link PairSignatures} (how the reference follows from the input, stage by stage) when the reference
     * is the mix of the input's own crop ({@code sameCrop}, match same). Between two crops (match other) the fits find
     * little and cost the networks accuracy (RESULTS.md, 2026-12-03: validation 0.1352 against 0.1270 for the baseline
     * CNN), so that pair is heard as in version 2.
     */
    public static Features pair(Audio input, int inputStart, Audio reference, int referenceStart, boolean sameCrop,
                                FeatureConfig config, LogMelSpectrogram spectrogram) {
        Features in = of(input, inputStart, config, spectrogram), ref = of(reference, referenceStart, config, spectrogram);
        if (!sameCrop || config.version() < 3) return pair(in, ref, new float[0]);
        int length = config.windowSamples(input.sampleRateHz());
        return pair(in, ref, PairSignatures.compute(window(input, inputStart, length), window(reference, referenceStart, length)));
    }

    private static Audio window(Audio audio, int start, int length) {
        int from = Math.min(start, audio.frames());
        return audio.slice(from, Math.min(audio.frames(), from + length));
    }

    private static Features pair(Features input, Features reference, float[] pairSignatures) {
        float[][][] a = input.logMel, b = reference.logMel;
        if (a.length != b.length || a[0].length != b[0].length || a[0][0].length != b[0][0].length
                || input.descriptors.length != reference.descriptors.length) {
            throw new IllegalArgumentException("input and reference windows differ in shape: " + shape(input) + " and " + shape(reference));
        }
        int c = a.length, bands = a[0].length, frames = a[0][0].length;
        float[][][] mel = new float[PAIR_PARTS * c][][];
        for (int ch = 0; ch < c; ch++) {
            mel[ch] = a[ch];
            mel[c + ch] = b[ch];
            float[][] diff = new float[bands][frames];
            for (int k = 0; k < bands; k++) {
                for (int f = 0; f < frames; f++) diff[k][f] = b[ch][k][f] - a[ch][k][f];
            }
            mel[2 * c + ch] = diff;
        }
        int d = input.descriptors.length;
        float[] desc = new float[PAIR_PARTS * d + pairSignatures.length];
        for (int i = 0; i < d; i++) {
            desc[i] = input.descriptors[i];
            desc[d + i] = reference.descriptors[i];
            desc[2 * d + i] = reference.descriptors[i] - input.descriptors[i];
        }
        System.arraycopy(pairSignatures, 0, desc, PAIR_PARTS * d, pairSignatures.length);
        return new Features(mel, desc);
    }

    /** Writes the log-mel, then the descriptors, as floats (the one layout of features on disk; the reader is told the shape). */
    public void write(DataOutputStream out) throws IOException {
        for (float[][] channel : logMel) {
            for (float[] band : channel) {
                for (float v : band) out.writeFloat(v);
            }
        }
        for (float v : descriptors) out.writeFloat(v);
    }

    /** Reads what {@link #write} wrote, bit for bit. */
    public static Features read(DataInputStream in, int channels, int bands, int frames, int descriptors) throws IOException {
        float[][][] mel = new float[channels][bands][frames];
        for (float[][] channel : mel) {
            for (float[] band : channel) {
                for (int t = 0; t < frames; t++) band[t] = in.readFloat();
            }
        }
        float[] d = new float[descriptors];
        for (int i = 0; i < descriptors; i++) d[i] = in.readFloat();
        return new Features(mel, d);
    }

    private static String shape(Features f) {
        return f.logMel.length + " x " + f.logMel[0].length + " x " + f.logMel[0][0].length + " + " + f.descriptors.length;
    }
}

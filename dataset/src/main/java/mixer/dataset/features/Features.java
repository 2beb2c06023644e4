package mixer.dataset.features;

import mixer.dsp.Audio;

/** The features of one window: log-mel {@code [2][bands][frames]} and the descriptor vector. */
public record Features(float[][][] logMel, float[] descriptors) {

    /** Features of the window of {@code audio} that starts at {@code startSample}. */
    public static Features of(Audio audio, int startSample, FeatureConfig config, LogMelSpectrogram spectrogram) {
        int length = config.windowSamples(audio.sampleRateHz());
        int end = Math.min(audio.frames(), startSample + length);
        Audio window = audio.slice(startSample, Math.max(startSample, end));
        return new Features(spectrogram.compute(audio, startSample, config.frames()), Descriptors.compute(window, config.version()));
    }
}

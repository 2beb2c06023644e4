package mixer.evaluation.metrics;

import java.util.List;

/** A model's audio metrics over the test tracks: means, and the share of mixes closer to the original than the raw input. */
public record AudioSummary(String model, int tracks, double meanStftDistance, double meanLoudnessErrorLu, double shareCloserThanInput) {

    public static AudioSummary of(String model, List<AudioMetrics.Score> scores) {
        double stft = 0, lu = 0, closer = 0;
        for (AudioMetrics.Score s : scores) {
            stft += s.stftDistance() / scores.size();
            lu += s.loudnessErrorLu() / scores.size();
            closer += (s.closerThanInput() ? 1.0 : 0.0) / scores.size();
        }
        return new AudioSummary(model, scores.size(), stft, lu, closer);
    }

    /** "Do nothing": the raw input scored against the original. */
    public static AudioSummary doNothing(List<AudioMetrics.Score> scores) {
        double stft = 0, lu = 0;
        for (AudioMetrics.Score s : scores) {
            stft += s.inputStftDistance() / scores.size();
            lu += s.inputLoudnessErrorLu() / scores.size();
        }
        return new AudioSummary("do nothing (raw input)", scores.size(), stft, lu, 0);
    }
}

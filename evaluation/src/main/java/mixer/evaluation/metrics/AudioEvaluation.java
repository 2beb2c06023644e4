package mixer.evaluation.metrics;

import mixer.dsp.Audio;
import mixer.evaluation.Predictions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Audio metrics of several models on the same test examples, and the "do nothing" baseline: each
 * example's audio is loaded once and every model's settings are rendered and scored against it.
 */
public final class AudioEvaluation {

    public static final String DO_NOTHING = "do nothing";

    /** Where the audio of an example comes from: the input the model heard and the finished original. */
    @FunctionalInterface
    public interface AudioSource {
        Pair load(String exampleId) throws IOException;
    }

    public record Pair(Audio input, Audio original) {
    }

    /** One model's scores on one example. */
    public record Row(String exampleId, String trackId, AudioMetrics.Score score) {
    }

    /**
     * Means over the examples with bootstrap 95 % intervals over tracks.
     *
     * @param stftDistance       mean multi-resolution STFT distance from the original
     * @param loudnessErrorLu    mean absolute loudness error (LU)
     * @param shareCloser        share of examples whose mix is nearer the original than the raw input
     *                           (one example per test track, so also the share of tracks); 0 for "do nothing"
     */
    public record Summary(String model, int examples, Estimate stftDistance, Estimate loudnessErrorLu,
                          Estimate shareCloser) {
    }

    private final Map<String, List<Row>> rows;
    private final Bootstrap bootstrap;

    private AudioEvaluation(Map<String, List<Row>> rows, Bootstrap bootstrap) {
        this.rows = rows;
        this.bootstrap = bootstrap;
    }

    /**
     * Scores every model (all on the same examples, {@link Predictions#requireSameExamples}) and "do nothing".
     *
     * @param progress receives a line every 10 examples and at the end
     */
    public static AudioEvaluation run(List<Predictions> models, AudioSource source, MultiResolutionStft stft,
                                      Bootstrap bootstrap, Consumer<String> progress) throws IOException {
        if (models.isEmpty()) throw new IllegalArgumentException("no models to score");
        Predictions first = models.get(0);
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        for (Predictions m : models) {
            first.requireSameExamples(m);
            if (rows.put(m.model(), new ArrayList<>()) != null || m.model().equals(DO_NOTHING)) {
                throw new IllegalArgumentException("model name '" + m.model() + "' is used twice");
            }
        }
        rows.put(DO_NOTHING, new ArrayList<>());
        long start = System.nanoTime();
        for (int i = 0; i < first.size(); i++) {
            String id = first.exampleIds().get(i);
            String track = first.trackIds().get(i);
            Pair pair = source.load(id);
            AudioMetrics metrics;
            try {
                metrics = new AudioMetrics(pair.input(), pair.original(), stft);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(id + ": " + e.getMessage(), e);
            }
            for (Predictions m : models) {
                rows.get(m.model()).add(new Row(id, track, metrics.score(m.predictedSettings(i))));
            }
            rows.get(DO_NOTHING).add(new Row(id, track, metrics.doNothing()));
            if ((i + 1) % 10 == 0 || i + 1 == first.size()) {
                progress.accept(String.format(Locale.ROOT, "audio metrics: %d/%d examples, %.0f s",
                        i + 1, first.size(), (System.nanoTime() - start) / 1e9));
            }
        }
        return new AudioEvaluation(rows, bootstrap);
    }

    /** Model names in the order given, then {@value #DO_NOTHING}. */
    public List<String> models() {
        return List.copyOf(rows.keySet());
    }

    public List<Row> rows(String model) {
        List<Row> r = rows.get(model);
        if (r == null) throw new IllegalArgumentException("no audio scores for model '" + model + "'; have " + rows.keySet());
        return List.copyOf(r);
    }

    public Summary summary(String model) {
        List<Row> r = rows(model);
        int n = r.size();
        double[] d = new double[n], lu = new double[n], closer = new double[n];
        List<String> tracks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            AudioMetrics.Score s = r.get(i).score();
            d[i] = s.stftDistance();
            lu[i] = Math.abs(s.loudnessErrorLu());
            closer[i] = s.closerThanInput() ? 1 : 0;
            tracks.add(r.get(i).trackId());
        }
        return new Summary(model, n, bootstrap.derive(201).mean(d, tracks), bootstrap.derive(202).mean(lu, tracks),
                bootstrap.derive(203).mean(closer, tracks));
    }
}

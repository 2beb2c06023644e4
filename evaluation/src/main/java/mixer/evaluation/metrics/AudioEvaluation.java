package mixer.evaluation.metrics;

import mixer.dataset.Task;
import mixer.dsp.Audio;
import mixer.dsp.analysis.MultiResolutionStft;
import mixer.dsp.params.MixSettings;
import mixer.evaluation.Predictions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Audio metrics of several models on the same test examples, and the "do nothing" baseline: each
 * example's audio is loaded once and every model's settings are rendered and scored against it.
 */
public final class AudioEvaluation {

    public static final String DO_NOTHING = "do nothing";

    /** Where the audio of an example comes from ({@link Pair}). */
    @FunctionalInterface
    public interface AudioSource {
        Pair load(String exampleId) throws IOException;
    }

    /**
     * One example's audio: {@code input} is what the predicted settings are applied to, {@code original}
     * what the result should sound like (see {@link AudioMetrics}). For the restore task that is the
     * input the model heard and the finished track; for estimate it is the other way round.
     *
     * @param restore the original is a finished track: the mix's level is set as {@code mixer mix} sets it
     *                ({@link AudioMetrics#scoreAsMixed})
     */
    public record Pair(Audio input, Audio original, boolean restore) {

        /** A restore pair: the input the model heard and its finished track. */
        public Pair(Audio input, Audio original) {
            this(input, original, true);
        }

        /**
         * The pair for a dataset row of {@code task}: {@code heard} is the row's audio (what the model
         * listened to), {@code other} the row's second audio. Restore: {@code other} is the finished source
         * and heard = invert(source, p), so render(heard, p) = source. Estimate: {@code other} is the source
         * and heard = render(source, p), so the settings go on the source and the mix is compared with what
         * the model heard. Match (same or other): {@code other} is what the input should become, render(heard,
         * p) (for match same the reference itself), so the settings go on the input and are compared with it.
         */
        public static Pair of(Task task, Audio heard, Audio other) {
            return switch (task) {
                case RESTORE -> new Pair(heard, other, true);
                case ESTIMATE -> new Pair(other, heard, false);
                case MATCH_SAME, MATCH_OTHER -> new Pair(heard, other, false);
            };
        }
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
     *                           (the share of tracks too where each test track has one example); 0 for "do nothing"
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

    /** {@link #run(List, AudioSource, MultiResolutionStft, Bootstrap, int, Consumer)} on one thread. */
    public static AudioEvaluation run(List<Predictions> models, AudioSource source, MultiResolutionStft stft,
                                      Bootstrap bootstrap, Consumer<String> progress) throws IOException {
        return run(models, source, stft, bootstrap, 1, progress);
    }

    /**
     * Scores every model (all on the same examples, {@link Predictions#requireSameExamples}) and "do
     * nothing". Examples are independent, so {@code threads} of them are scored at once (each holds its
     * audio in memory while it runs); results come back in example order whatever the thread count.
     *
     * @param progress receives a line every 10 examples and at the end
     */
    public static AudioEvaluation run(List<Predictions> models, AudioSource source, MultiResolutionStft stft,
                                      Bootstrap bootstrap, int threads, Consumer<String> progress) throws IOException {
        if (models.isEmpty()) throw new IllegalArgumentException("no models to score");
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + "; use at least 1");
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
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "audio-metrics");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<AudioMetrics.Score[]>> pending = new ArrayList<>();
            for (int i = 0; i < first.size(); i++) {
                int row = i;
                pending.add(pool.submit(() -> scoreExample(models, source, stft, row)));
            }
            for (int i = 0; i < pending.size(); i++) {
                AudioMetrics.Score[] scores = await(pending.get(i));
                String id = first.exampleIds().get(i), track = first.trackIds().get(i);
                for (int m = 0; m < models.size(); m++) rows.get(models.get(m).model()).add(new Row(id, track, scores[m]));
                rows.get(DO_NOTHING).add(new Row(id, track, scores[models.size()]));
                if ((i + 1) % 10 == 0 || i + 1 == first.size()) {
                    progress.accept(String.format(Locale.ROOT, "audio metrics: %d/%d examples, %.0f s",
                            i + 1, first.size(), (System.nanoTime() - start) / 1e9));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new AudioEvaluation(rows, bootstrap);
    }

    /** The models' scores on example {@code row}, then "do nothing"'s. */
    private static AudioMetrics.Score[] scoreExample(List<Predictions> models, AudioSource source,
                                                     MultiResolutionStft stft, int row) throws IOException {
        String id = models.get(0).exampleIds().get(row);
        Pair pair = source.load(id);
        AudioMetrics metrics;
        try {
            metrics = new AudioMetrics(pair.input(), pair.original(), stft);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(id + ": " + e.getMessage(), e);
        }
        AudioMetrics.Score[] out = new AudioMetrics.Score[models.size() + 1];
        for (int m = 0; m < models.size(); m++) {
            MixSettings settings = models.get(m).predictedSettings(row);
            out[m] = pair.restore() ? metrics.scoreAsMixed(settings) : metrics.score(settings);
        }
        out[models.size()] = metrics.doNothing();
        return out;
    }

    private static AudioMetrics.Score[] await(Future<AudioMetrics.Score[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while scoring audio", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IOException(cause);
        }
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

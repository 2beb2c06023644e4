package mixer.evaluation;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.features.FeatureCache;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.io.AudioReader;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.evaluation.metrics.AudioMetrics;
import mixer.evaluation.metrics.AudioSummary;
import mixer.training.FixedExamples;
import mixer.training.ModelBundle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs trained models over a split of a dataset and scores what they predict: every model sees the same
 * rows and the same evenly spaced windows of each row (the mean of the windows' predictions is the
 * row's prediction), and the audio metrics render every test input with each model's settings.
 */
public final class Evaluator {

    /** Windows per row: the same number validation uses during training. */
    public static final int WINDOWS_PER_ROW = 4;

    private final Manifest manifest;
    private final FeatureCache cache;
    private final Consumer<String> log;

    public Evaluator(Manifest manifest, Consumer<String> log) {
        this.manifest = manifest;
        this.cache = new FeatureCache(manifest.dir().resolve("cache").resolve("features"));
        this.log = log;
    }

    /** One model's predictions of every row of a split. */
    public Predictions predict(String name, ModelBundle bundle, Split split) throws IOException {
        FixedExamples rows = FixedExamples.load(manifest, split, bundle.featureConfig(), cache, WINDOWS_PER_ROW, s -> { });
        Map<String, String> trackOf = new HashMap<>();
        for (Example e : manifest.split(split)) trackOf.put(e.id(), e.source());
        List<String> ids = new ArrayList<>(), tracks = new ArrayList<>();
        double[][] predicted = new double[rows.size()][], truth = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            FixedExamples.Row r = rows.rows().get(i);
            ids.add(r.id());
            tracks.add(trackOf.get(r.id()));
            predicted[i] = bundle.predict(r.windows());
            truth[i] = r.targets();
        }
        log.accept(String.format("%s: predicted %d %s rows", name, rows.size(), split.id()));
        return new Predictions(name, ids, tracks, predicted, truth);
    }

    /** The mean of the training targets; uniform fresh targets (restore task) have mean 0.5. */
    public double[] trainingMean() {
        double[] mean = new double[Param.COUNT];
        int n = 0;
        for (Example e : manifest.split(Split.TRAIN)) {
            if (!e.hasTargets()) continue;
            for (int j = 0; j < Param.COUNT; j++) mean[j] += e.targets()[j];
            n++;
        }
        for (int j = 0; j < Param.COUNT; j++) mean[j] = n == 0 ? 0.5 : mean[j] / n;
        return mean;
    }

    /**
     * Audio metrics of each model's test predictions: each row's input rendered with the predicted
     * settings (limiter off, as the restore identity needs) against the finished original; the last
     * summary is "do nothing" (the raw input).
     */
    public List<AudioSummary> audio(List<Predictions> models, int threads) throws IOException {
        Predictions first = models.get(0);
        Map<String, List<AudioMetrics.Score>> scores = new LinkedHashMap<>();
        for (Predictions p : models) scores.put(p.model(), new ArrayList<>());
        Map<String, Example> byId = new HashMap<>();
        for (Example e : manifest.examples()) byId.put(e.id(), e);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<AudioMetrics.Score[]>> futures = new ArrayList<>();
            for (int i = 0; i < first.size(); i++) {
                final int row = i;
                futures.add(pool.submit(() -> {
                    Example e = byId.get(first.exampleIds().get(row));
                    Audio input = AudioReader.read(manifest.resolve(e.audio())).audio();
                    Audio original = AudioReader.read(manifest.resolve(e.source())).audio();
                    AudioMetrics.Score[] out = new AudioMetrics.Score[models.size()];
                    for (int m = 0; m < models.size(); m++) {
                        double[] p = models.get(m).predicted()[row].clone();
                        for (int j = 0; j < p.length; j++) p[j] = Math.max(0, Math.min(1, p[j]));
                        out[m] = AudioMetrics.score(input, Renderer.render(input, MixSettings.ofNormalized(p), false), original);
                    }
                    return out;
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                AudioMetrics.Score[] s = futures.get(i).get();
                for (int m = 0; m < models.size(); m++) scores.get(models.get(m).model()).add(s[m]);
                if ((i + 1) % 24 == 0 || i + 1 == futures.size()) log.accept("audio metrics: " + (i + 1) + "/" + futures.size() + " test rows");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("audio metrics failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<AudioSummary> out = new ArrayList<>();
        for (Map.Entry<String, List<AudioMetrics.Score>> e : scores.entrySet()) out.add(AudioSummary.of(e.getKey(), e.getValue()));
        out.add(AudioSummary.doNothing(scores.get(first.model())));
        return out;
    }
}

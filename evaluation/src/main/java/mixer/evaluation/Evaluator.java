package mixer.evaluation;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.features.FeatureCache;
import mixer.dsp.Audio;
import mixer.dsp.io.AudioReader;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.Bootstrap;
import mixer.evaluation.metrics.MeanPredictor;
import mixer.evaluation.metrics.MultiResolutionStft;
import mixer.training.FixedExamples;
import mixer.training.ModelBundle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        // the renderer takes settings inside their ranges only: a network's overshoot is clamped here
        return new Predictions(name, ids, tracks, Predictions.clamp(predicted), truth);
    }

    /**
     * The mean predictor's means: the mean of the training targets when the manifest has them (a dataset
     * of your own), else the generated datasets' exact target mean ({@link MeanPredictor#ofSampler}).
     */
    public MeanPredictor trainingMean() {
        List<double[]> targets = new ArrayList<>();
        for (Example e : manifest.split(Split.TRAIN)) if (e.hasTargets()) targets.add(e.targets());
        return targets.isEmpty() ? MeanPredictor.ofSampler() : MeanPredictor.fit(targets.toArray(double[][]::new));
    }

    /**
     * Audio metrics of each model's predictions (all on the same rows): each row's input rendered with
     * the predicted settings (limiter off, as the restore identity needs) against the finished original,
     * and "do nothing" (the raw input). {@code threads} rows at once.
     */
    public AudioEvaluation audio(List<Predictions> models, Bootstrap bootstrap, int threads) throws IOException {
        Map<String, Example> byId = new HashMap<>();
        for (Example e : manifest.examples()) byId.put(e.id(), e);
        AudioEvaluation.AudioSource source = id -> {
            Example e = byId.get(id);
            if (e == null) throw new IOException(manifest.file() + ": no example '" + id + "'");
            Audio input = AudioReader.read(manifest.resolve(e.audio())).audio();
            Audio original = AudioReader.read(manifest.resolve(e.source())).audio();
            return new AudioEvaluation.Pair(input, original);
        };
        return AudioEvaluation.run(models, source, MultiResolutionStft.standard(), bootstrap, threads, log);
    }
}

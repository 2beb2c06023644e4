package mixer.evaluation;

import mixer.dataset.Example;
import mixer.dataset.DatasetProvenance;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.Task;
import mixer.evaluation.report.ReportData;
import mixer.dataset.features.FeatureCache;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.analysis.MultiResolutionStft;
import mixer.dsp.params.MixSettings;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.Bootstrap;
import mixer.evaluation.metrics.MeanPredictor;
import mixer.training.FixedExamples;
import mixer.training.SettingsPredictor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs trained models over a split of a dataset and scores what they predict: every model hears each
 * row as `mixer mix` hears a song (the same windows, {@link mixer.dataset.features.SongWindows}, and
 * the model's own aggregation, {@link mixer.training.SettingsPredictor#predictNormalized}), and the audio metrics render each row with each model's settings and compare the
 * mix with what it should sound like, which depends on the dataset's task ({@link #audio}).
 */
public final class Evaluator {

    private final Manifest manifest;
    private final Task task;
    private final FeatureCache cache;
    private final Consumer<String> log;

    /** An evaluator for the task the dataset was built for ({@link DatasetProvenance#task}). */
    public Evaluator(Manifest manifest, Consumer<String> log) throws IOException {
        this(manifest, DatasetProvenance.of(manifest.dir()).task(), log);
    }

    public Evaluator(Manifest manifest, Task task, Consumer<String> log) {
        this.manifest = manifest;
        this.task = task;
        this.cache = new FeatureCache(manifest.dir().resolve("cache").resolve("features"), log);
        this.log = log;
    }

    public Task task() {
        return task;
    }

    /** One model's predictions of every row of a split. */
    public Predictions predict(String name, SettingsPredictor bundle, Split split) throws IOException {
        if (bundle.task().hasReference() != task.hasReference()) {
            throw new IllegalArgumentException(name + " was trained for " + ReportData.taskName(bundle.task()) + " and the dataset "
                    + manifest.file() + " is for " + ReportData.taskName(task) + (task.hasReference()
                    ? ": a blind model cannot use the rows' references; train one on this dataset"
                    : ": a match model needs a reference beside each input; evaluate it on a match dataset"));
        }
        FixedExamples rows = FixedExamples.load(manifest, task, split, bundle.featureConfig(), cache, s -> { });
        List<String> ids = new ArrayList<>(), tracks = new ArrayList<>();
        double[][] predicted = rows.predict(bundle), truth = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            FixedExamples.Row r = rows.rows().get(i);
            ids.add(r.id());
            tracks.add(Predictions.trackOf(r.id())); // "album/song#3" is track "album/song"; its source path is no id
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
     * Before any prediction, every row of split {@code s} has its files, readable, and a pair of one take (audio and
     * source, or audio and match same's reference) at one rate and length. A user's manifest with a clip at another rate
     * failed after every model had predicted, naming neither the row nor the files.
     */
    public void checkPairs(Split s) throws IOException {
        String second = switch (task) {
            case RESTORE, ESTIMATE -> "source";
            case MATCH_SAME, MATCH_OTHER -> Manifest.REFERENCE;
        };
        for (Example e : manifest.split(s)) {
            long[] audio = manifest.readRowFile(e, "audio", Evaluator::rateAndFrames);
            long[] other = manifest.readRowFile(e, second, Evaluator::rateAndFrames);
            boolean oneTake = task != Task.MATCH_OTHER; // match other's reference is another crop, of any length
            if (oneTake && (audio[0] != other[0] || (audio[1] >= 0 && other[1] >= 0 && audio[1] != other[1]))) {
                throw new IOException(manifest.where(e) + ": its audio (" + e.audio() + ", " + audio[1] + " frames at " + audio[0]
                        + " Hz) and its " + second + " (" + (second.equals("source") ? e.source() : e.reference()) + ", " + other[1]
                        + " frames at " + other[0] + " Hz) differ in length or rate; the two are one take, frame for frame");
            }
        }
    }

    private static long[] rateAndFrames(java.nio.file.Path file) throws IOException {
        try (mixer.dsp.io.AudioInput in = mixer.dsp.io.AudioReader.open(file)) {
            return new long[] {in.sampleRateHz(), in.frames()};
        }
    }

    /**
     * Audio metrics of each model's predictions (all on the same rows), limiter off so that the true
     * settings reproduce the reference exactly. Restore: the input the model heard, rendered with the
     * predicted settings, against the finished source; "do nothing" is the input itself. Estimate: the
     * source rendered with the predicted settings against the input (the finished mix the model
     * analysed); "do nothing" is the unprocessed source. {@code threads} rows at once.
     */
    public AudioEvaluation audio(List<Predictions> models, Bootstrap bootstrap, int threads) throws IOException {
        Map<String, Example> byId = new HashMap<>();
        for (Example e : manifest.examples()) byId.put(e.id(), e);
        AudioEvaluation.AudioSource rows = id -> {
            Example e = byId.get(id);
            if (e == null) throw new IOException(manifest.file() + ": no example '" + id + "'");
            Audio heard = manifest.readAudio(e, "audio");
            Audio other = switch (task) { // what the settings are compared with (AudioEvaluation.Pair.of)
                case RESTORE, ESTIMATE -> manifest.readAudio(e, "source");
                case MATCH_SAME -> manifest.readAudio(e, Manifest.REFERENCE); // render(heard, p): the reference itself
                case MATCH_OTHER -> Renderer.render(heard, MixSettings.ofNormalized(e.targets()), false);
            };
            return AudioEvaluation.Pair.of(task, heard, other);
        };
        return AudioEvaluation.run(models, rows, MultiResolutionStft.standard(), bootstrap, threads, log);
    }
}

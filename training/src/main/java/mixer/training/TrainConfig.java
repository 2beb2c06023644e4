package mixer.training;

import mixer.dataset.Task;
import mixer.training.models.Architecture;
import mixer.training.models.ModelKind;
import mixer.training.models.TrainingDefaults;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training run.
 *
 * @param model             which network
 * @param epochs            at most this many epochs
 * @param examplesPerTrack  fresh examples of each training track in an epoch (each a pure function of seed, epoch, track, k)
 * @param batch             examples per gradient step
 * @param learningRate      Adam's initial step; a cosine takes it to a twentieth by the last epoch
 * @param seed              seeds the weights, the example draws, dropout and the normaliser's sample
 * @param patience          stop after this many epochs without a better validation MAE
 * @param quick             a short run for a first look (recorded; the settings above carry its effect)
 * @param device            where the network runs
 * @param normalizerSample  training examples the feature normaliser is fitted on
 * @param runDir            checkpoint, best network and history of the run
 * @param bundle            where the finished model bundle goes
 * @param resume            continue from the checkpoint in {@code runDir} when there is one
 */
public record TrainConfig(ModelKind model, int epochs, int examplesPerTrack, int batch, double learningRate, long seed,
                          int patience, boolean quick, Device device, int normalizerSample, Path runDir, Path bundle,
                          boolean resume) {

    public TrainConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (examplesPerTrack < 1) throw new IllegalArgumentException("examples per track must be at least 1, got " + examplesPerTrack);
        if (batch < 1) throw new IllegalArgumentException("the batch must be at least 1 example, got " + batch);
        if (!(learningRate > 0 && learningRate < 1)) throw new IllegalArgumentException("the learning rate must be in (0, 1), got " + learningRate);
        if (patience < 1) throw new IllegalArgumentException("the patience must be at least 1 epoch, got " + patience);
        if (normalizerSample < 1) throw new IllegalArgumentException("the normaliser's sample must be at least 1 example, got " + normalizerSample);
    }

    /** The architecture's full-size settings for a task, or the quick ones ({@link TrainingDefaults}); files under runs/ and models/. */
    public static TrainConfig defaults(Architecture architecture, Task task, boolean quick) {
        TrainingDefaults d = quick ? architecture.defaults(task).quick() : architecture.defaults(task);
        String name = ModelsFolder.named(architecture.kind().id(), quick);
        return new TrainConfig(architecture.kind(), d.epochs(), d.examplesPerTrack(), d.batch(), d.learningRate(), 1, d.patience(),
                quick, Device.onClassPath(), quick ? 32 : 128, ModelsFolder.runs(task).resolve(name), ModelsFolder.of(task).resolve(name + ".zip"),
                false);
    }

    /** A builder that starts from this config: change what differs, then {@link Builder#build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The settings of a run, changed one at a time; {@link #build()} validates them. */
    public static final class Builder {
        private ModelKind model;
        private int epochs;
        private int examplesPerTrack;
        private int batch;
        private double learningRate;
        private long seed;
        private int patience;
        private boolean quick;
        private Device device;
        private int normalizerSample;
        private Path runDir;
        private Path bundle;
        private boolean resume;

        private Builder(TrainConfig c) {
            model = c.model;
            epochs = c.epochs;
            examplesPerTrack = c.examplesPerTrack;
            batch = c.batch;
            learningRate = c.learningRate;
            seed = c.seed;
            patience = c.patience;
            quick = c.quick;
            device = c.device;
            normalizerSample = c.normalizerSample;
            runDir = c.runDir;
            bundle = c.bundle;
            resume = c.resume;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder examplesPerTrack(int examplesPerTrack) {
            this.examplesPerTrack = examplesPerTrack;
            return this;
        }

        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder patience(int patience) {
            this.patience = patience;
            return this;
        }

        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        /** The run folder (checkpoint, best network, history) and the bundle written at the end. */
        public Builder files(Path runDir, Path bundle) {
            this.runDir = runDir;
            this.bundle = bundle;
            return this;
        }

        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(model, epochs, examplesPerTrack, batch, learningRate, seed, patience, quick, device,
                    normalizerSample, runDir, bundle, resume);
        }
    }

    /** Learning rate of an epoch (0-based): a cosine from {@link #learningRate} down to a twentieth at the last epoch. */
    public double learningRate(int epoch) {
        double min = learningRate / 20;
        double t = epochs <= 1 ? 0 : Math.min(1, epoch / (double) (epochs - 1));
        return min + (learningRate - min) * 0.5 * (1 + Math.cos(Math.PI * t));
    }

    /** What decides the result: a checkpoint continues only under the same settings. */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.id());
        m.put("epochs", epochs);
        m.put("examples_per_track", examplesPerTrack);
        m.put("batch", batch);
        m.put("learning_rate", learningRate);
        m.put("seed", seed);
        m.put("patience", patience);
        m.put("quick", quick);
        m.put("normalizer_sample", normalizerSample);
        return m;
    }

    /** {@link #settings()} plus where it ran and wrote. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = settings();
        m.put("device", device.id());
        m.put("run_dir", runDir.toString());
        m.put("bundle", bundle.toString());
        return m;
    }
}

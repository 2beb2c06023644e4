package mixer.scale;

import mixer.dataset.TrainingExamples;
import mixer.training.ConvolutionHelpers;
import mixer.training.FeatureNormalizer;
import mixer.training.TrainConfig;
import mixer.training.Trainer;
import mixer.training.models.ModelKind;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An epoch on Spark: every worker makes its share of the epoch's examples from the same seeded (seed, epoch, track, k)
 * function as a run in one process (loading the training tracks from the manifest, which every machine must see), and
 * DL4J's {@link ParameterAveragingTrainingMaster} trains a copy of the network per worker, averaging parameters and
 * Adam's state every {@link #AVERAGING_FREQUENCY} minibatches. The averaged network comes back into the trainer's, so
 * validation, checkpoints and the bundle are those of any run. (DL4J's SharedTrainingMaster hung in its second fit
 * at 1.0.0-M2, as measured before this module was written: not used.)
 */
final class SparkSteps implements Trainer.Steps {

    /** Minibatches each worker takes between averagings (DL4J's guide: 5-10; more is cheaper and drifts further). */
    static final int AVERAGING_FREQUENCY = 5;

    private final JavaSparkContext spark;
    private final String master;
    private final Consumer<String> log;

    SparkSteps(JavaSparkContext spark, String master, Consumer<String> log) {
        this.spark = spark;
        this.master = master;
        this.log = log;
    }

    @Override
    public double epoch(ComputationGraph net, TrainingExamples train, FeatureNormalizer normalizer, TrainConfig config, int epoch,
                        Trainer.Listener listener) {
        TrainingExamples.Origin origin = train.origin().orElseThrow(() -> new IllegalStateException(
                "training on Spark needs a dataset on disk (a manifest every worker can read), not tracks held in memory"));
        WorkerExamples.offer(origin, train); // local[N]: the workers are this process and use these tracks as they are
        // the epoch's examples track by track, so that each task reads few tracks; DL4J shuffles them into its splits
        int[] order = train.order(epoch, config.examplesPerTrack());
        int tracks = train.size();
        List<Integer> items = Arrays.stream(order).boxed().sorted(java.util.Comparator.comparingInt((Integer j) -> j % tracks)
                .thenComparingInt(j -> j / tracks)).toList();
        // only plain values go into the closure: it is shipped to the workers
        String normalizerJson = normalizer.toJson();
        ModelKind kind = config.model();
        int e = epoch;
        int partitions = Math.max(1, Math.min(items.size(), spark.defaultParallelism() * 4));
        JavaRDD<MultiDataSet> examples = spark.parallelize(items, partitions)
                .map(j -> WorkerExamples.example(origin, normalizerJson, kind, e, j % tracks, j / tracks));
        ParameterAveragingTrainingMaster averaging = new ParameterAveragingTrainingMaster.Builder(1)
                .batchSizePerWorker(config.batch())
                .averagingFrequency(AVERAGING_FREQUENCY)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct) // no export of the examples to files between the steps
                .rngSeed(config.seed() * 31 + epoch)
                .saveUpdater(true)
                .trainingHooks(new FastConvolutions())
                .build();
        SparkComputationGraph graph = new SparkComputationGraph(spark, net, averaging); // trains net itself, in place
        long t0 = System.nanoTime();
        try {
            graph.fitMultiDataSet(examples);
        } catch (Exception failure) { // Spark's SparkException is checked in Scala's eyes only
            throw new IllegalStateException(SparkFailures.unwrap("epoch " + (epoch + 1), failure, spark,
                    "run the same command with --resume to go on from the last finished epoch (without it, training starts afresh)").getMessage(), failure);
        } finally {
            examples.unpersist(false);
        }
        double loss = Trainer.lossPerSetting(net, graph.getScore()); // the last averaging round's mean, per setting as in one process
        listener.batchDone(epoch + 1, items.size(), items.size(), loss);
        log.accept(String.format(Locale.ROOT, "epoch %d on Spark: %d examples in %.1f s", epoch + 1, items.size(),
                (System.nanoTime() - t0) / 1e9));
        return loss;
    }

    @Override
    public String describe() {
        return "spark " + master + ", parameter averaging every " + AVERAGING_FREQUENCY + " minibatches";
    }

    /**
     * Each worker's copy of the network is built from its configuration, without the convolution helper the trainer
     * installs (libnd4j's conv2d op: 4-7x faster steps); this puts it on before the copy's first step.
     */
    static final class FastConvolutions implements TrainingHook {
        @Override
        public void preUpdate(MultiDataSet minibatch, Model model) {
            if (model instanceof ComputationGraph g) ConvolutionHelpers.install(g);
        }

        @Override
        public void preUpdate(DataSet minibatch, Model model) {
            if (model instanceof ComputationGraph g) ConvolutionHelpers.install(g);
        }

        @Override
        public void postUpdate(DataSet minibatch, Model model) {
        }

        @Override
        public void postUpdate(MultiDataSet minibatch, Model model) {
        }
    }
}

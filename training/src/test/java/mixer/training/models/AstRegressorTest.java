package mixer.training.models;

import mixer.dataset.Task;
import mixer.dataset.TrainingExamples;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.LogMelConfig;
import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.training.layers.PositionalEmbedding;
import mixer.training.layers.TransformerEncoderBlock;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.preprocessor.MultiNormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.impl.LossL1;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class AstRegressorTest {

    /** Tokens the encoder of {@code c} sees for this input: one per patch. */
    static int tokens(AstRegressor.Config c, InputShape shape) {
        return (shape.bands() / c.patchBands()) * (shape.frames() / c.patchFrames());
    }

    /** A small AST for 32 x 32 inputs: 4 x 4 = 16 tokens of 32 features, 2 blocks. */
    private static final AstRegressor.Config SMALL = new AstRegressor.Config(8, 8, 32, 2, 2, 64, 64, 0.0, 0.0);
    private static final InputShape SHAPE = new InputShape(32, 32, FeatureConfig.DEFAULT.descriptorCount());

    private static INDArray[] randomInputs(int n, InputShape shape, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new INDArray[] {Nd4j.randn(n, 2, shape.bands(), shape.frames()), Nd4j.randn(n, shape.descriptors())};
    }

    /** DL4J's score adds the weight decay's penalty; the training loss a run records is the error alone, as validation's. */
    @Test
    void theTrainingLossLeavesOutTheWeightDecaysPenalty() {
        ComputationGraph net = new AstRegressor(new AstRegressor.Config(8, 8, 32, 2, 2, 64, 64, 0.0, 0.5)).build(SHAPE, 1e-3, 1);
        INDArray[] x = randomInputs(4, SHAPE, 3);
        INDArray labels = Nd4j.rand(4, 10);
        double score = net.score(new org.nd4j.linalg.dataset.MultiDataSet(x, new INDArray[] {labels}), false);
        double error = Transforms.abs(net.output(x)[0].sub(labels)).meanNumber().doubleValue();
        assertTrue(score / 10 - error > 0.01, "the score holds a penalty: " + score / 10 + " against " + error);
        assertEquals(error, mixer.training.Trainer.lossPerSetting(net, score), 1e-5);
    }

    @Test
    void followsTheModelContract() {
        AstRegressor ast = new AstRegressor(SMALL);
        assertEquals(ModelKind.AST, ast.kind());
        ComputationGraph net = ast.build(SHAPE, 2e-3, 1);
        ComputationGraphConfiguration conf = net.getConfiguration();
        assertEquals(List.of(ModelKind.LOG_MEL, ModelKind.DESCRIPTORS), conf.getNetworkInputs());
        assertEquals(ModelKind.AST.inputs(), conf.getNetworkInputs());
        assertEquals(List.of(ModelKind.OUTPUT), conf.getNetworkOutputs());

        OutputLayer out = (OutputLayer) net.getLayer(ModelKind.OUTPUT).conf().getLayer();
        assertEquals(10, out.getNOut());
        assertInstanceOf(LossL1.class, out.getLossFn());
        assertInstanceOf(ActivationSigmoid.class, out.getActivationFn());
        Adam adam = assertInstanceOf(Adam.class, ((BaseLayer) out).getIUpdater());
        assertEquals(2e-3, adam.getLearningRate(), 1e-12);
        assertEquals(16, ((PositionalEmbedding) net.getLayer("positions").conf().getLayer()).tokens());

        for (int n : new int[] {1, 5}) {
            INDArray y = net.output(randomInputs(n, SHAPE, n))[0];
            assertArrayEquals(new long[] {n, 10}, y.shape());
            assertTrue(y.minNumber().doubleValue() > 0 && y.maxNumber().doubleValue() < 1, "sigmoid outputs: " + y);
        }

        // The default size on a full window (2 x 64 bands x 128 frames): 4 x 8 = 32 tokens.
        InputShape full = new InputShape(64, 128, FeatureConfig.DEFAULT.descriptorCount());
        ComputationGraph big = new AstRegressor().build(full, 1e-3, 1);
        assertArrayEquals(new long[] {2, 10}, big.output(randomInputs(2, full, 3))[0].shape());
        assertEquals(32, tokens(AstRegressor.Config.DEFAULT, full));
        assertEquals(32, ((PositionalEmbedding) big.getLayer("positions").conf().getLayer()).tokens());
    }

    /** Issue 12 item 16: the report showed "AstRegressor@d60cbad", and resuming compared two such hashes. */
    @Test
    void describesItselfByItsConfiguration() {
        assertEquals("AstRegressor[patchBands=16, patchFrames=16, embedding=64, heads=4, blocks=3, mlpHidden=128, "
                + "headHidden=128, headDropout=0.1, weightDecay=0.01]", new AstRegressor().toString());
        assertEquals(new AstRegressor(SMALL).toString(), new AstRegressor(SMALL).toString(), "the same in every run");
    }

    @Test
    void decaysEachWeightMatrixOnceAndNothingElse() {
        ComputationGraph net = new AstRegressor().build(SHAPE, 1e-3, 1);
        int weights = 0;
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            Layer conf = layer.conf().getLayer();
            for (String param : layer.paramTable().keySet()) {
                List<Regularization> r = conf.getRegularizationByParam(param);
                boolean matrix = layer.paramTable().get(param).rank() >= 2 && !param.equals(PositionalEmbedding.POSITION);
                String what = conf.getLayerName() + "_" + param;
                if (matrix) {
                    assertEquals(List.of(new WeightDecay(AstRegressor.Config.DEFAULT.weightDecay(), true)), r, what);
                    weights++;
                } else {
                    assertTrue(r == null || r.isEmpty(), what + " is not decayed: " + r);
                }
            }
        }
        assertEquals(1 + 3 * 6 + 1 + 1, weights, "patches, 6 matrices per block, head, output");
    }

    @Test
    void learningRateChangesReachTheTransformerLayers() {
        ComputationGraph net = new AstRegressor(SMALL).build(SHAPE, 1e-3, 2);
        org.nd4j.linalg.dataset.MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(randomInputs(4, SHAPE, 3),
                new INDArray[] {Nd4j.rand(4, 10)});
        net.fit(batch);
        String[] layers = {"patches", "positions", "block1", "block2", "pooled", "head", ModelKind.OUTPUT};
        LearningRate.set(net, 0.0);
        Map<String, INDArray> before = new HashMap<>();
        for (String layer : layers) before.put(layer, net.getLayer(layer).params().dup());
        net.fit(batch);
        for (String layer : layers) assertTrue(before.get(layer).equals(net.getLayer(layer).params()), layer + " stands still at rate 0");
        LearningRate.set(net, 1e-3);
        net.fit(batch);
        for (String layer : layers) assertFalse(before.get(layer).equals(net.getLayer(layer).params()), layer + " trains again");
    }

    @Test
    void rejectsSizesThatDoNotFit() {
        AstRegressor ast = new AstRegressor(SMALL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ast.build(new InputShape(30, 32, 5), 1e-3, 1));
        assertTrue(e.getMessage().contains("30 bands") && e.getMessage().contains("8 x 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AstRegressor.Config(8, 8, 30, 4, 2, 64, 64, 0, 0),
                "embedding not a multiple of the heads");
        assertThrows(IllegalArgumentException.class, () -> new AstRegressor.Config(8, 8, 32, 2, 2, 64, 64, 1.0, 0),
                "dropping every unit");
        assertThrows(IllegalArgumentException.class, () -> ast.build(SHAPE, 0, 1));
    }

    @Test
    void sameSeedGivesTheSameNetwork() {
        INDArray[] x = randomInputs(3, SHAPE, 9);
        ComputationGraph a = new AstRegressor(SMALL).build(SHAPE, 1e-3, 5);
        ComputationGraph b = new AstRegressor(SMALL).build(SHAPE, 1e-3, 5);
        ComputationGraph c = new AstRegressor(SMALL).build(SHAPE, 1e-3, 6);
        assertEquals(a.params(), b.params());
        assertEquals(a.output(x)[0], b.output(x)[0]);
        assertNotEquals(a.params(), c.params(), "another seed, other weights");
        assertNotEquals(a.output(x)[0], c.output(x)[0]);
    }

    @Test
    void savedAndRestoredGraphGivesIdenticalOutputsAndTrainsOnAlike(@TempDir Path dir) throws IOException {
        // The default config has head dropout and weight decay: both must survive the JSON too.
        AstRegressor ast = new AstRegressor(new AstRegressor.Config(8, 8, 32, 4, 2, 64, 64, 0.2, 0.01));
        ComputationGraph net = ast.build(SHAPE, 1e-3, 11);
        INDArray[] x = randomInputs(4, SHAPE, 12);
        INDArray y = Nd4j.rand(4, 10);
        org.nd4j.linalg.dataset.MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(x, new INDArray[] {y});
        for (int i = 0; i < 3; i++) net.fit(batch); // Adam's moments are no longer zero

        File file = dir.resolve("ast.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);

        assertEquals(net.getConfiguration(), restored.getConfiguration());
        TransformerEncoderBlock block = (TransformerEncoderBlock) restored.getLayer("block2").conf().getLayer();
        assertEquals(4, block.getHeads());
        assertEquals(64, block.getMlpHidden());
        assertEquals(net.params(), restored.params());
        assertEquals(net.output(x)[0], restored.output(x)[0]);
        assertEquals(net.output(x)[0], net.clone().output(x)[0], "an in-memory copy (as for keeping the best model)");

        // The updater state came along: one more step (same dropout masks) lands on the same weights.
        Nd4j.getRandom().setSeed(13);
        net.fit(batch);
        Nd4j.getRandom().setSeed(13);
        restored.fit(batch);
        assertTrue(net.params().equalsWithEps(restored.params(), 1e-6), "same step after restoring");
    }

    @Test
    void overfitsEightExamples() {
        // Eight real examples of the restore task from synthetic tracks, at a reduced size: 32 bands x 32 frames.
        FeatureConfig features = new FeatureConfig(new LogMelConfig(1024, 0.02322, 32, 30, 18_000, -100), 32);
        List<Audio> tracks = IntStream.range(0, 8).mapToObj(i -> SyntheticMusic.generate(2.5, 44_100, 20 + i)).toList();
        TrainingExamples examples = TrainingExamples.of(tracks, Task.RESTORE, features, 42);
        TrainingExamples.Labelled[] eight = IntStream.range(0, 8).mapToObj(i -> examples.draw(0, i))
                .toArray(TrainingExamples.Labelled[]::new);
        MultiDataSet data = TrainingExamples.batch(eight);
        MultiNormalizerStandardize normalizer = new MultiNormalizerStandardize();
        normalizer.fit(data);
        normalizer.preProcess(data);
        assertArrayEquals(new long[] {8, 2, 32, 32}, data.getFeatures(0).shape());

        ComputationGraph net = new AstRegressor(SMALL).build(SHAPE, 3e-3, 7);
        INDArray targets = data.getLabels(0);
        double start = mae(net, data), mae = start;
        int iterations = 0;
        while (mae >= 0.02 && iterations < 400) {
            net.fit(data);
            iterations++;
            if (iterations % 10 == 0) mae = mae(net, data);
        }
        System.out.printf("AST overfit: MAE %.4f -> %.4f in %d iterations%n", start, mae, iterations);
        assertTrue(start > 0.1, "the untrained network is far off: " + start);
        assertTrue(mae < 0.02, "MAE after " + iterations + " iterations: " + mae);
        assertEquals(10, targets.size(1));
    }

    private static double mae(ComputationGraph net, MultiDataSet data) {
        INDArray predicted = net.output(data.getFeatures())[0];
        return predicted.sub(data.getLabels(0)).norm1Number().doubleValue() / predicted.length();
    }
}

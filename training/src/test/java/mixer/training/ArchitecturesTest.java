package mixer.training;

import mixer.dataset.features.FeatureConfig;
import mixer.training.models.Architecture;
import mixer.training.models.Architectures;
import mixer.training.models.BaselineCnn;
import mixer.training.models.ChannelScaleVertex;
import mixer.training.models.EnhancedCnn;
import mixer.training.models.InputShape;
import mixer.training.models.ModelKind;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.*;

class ArchitecturesTest {

    @Test
    void everyAvailableKindBuildsTheContractsInputsAndOutput() {
        InputShape shape = new InputShape(64, 128, FeatureConfig.DEFAULT.descriptorCount());
        for (ModelKind kind : ModelKind.values()) {
            Architecture a = Architectures.of(kind);
            assertEquals(kind, a.kind());
            ComputationGraph net = a.build(shape, 1e-3, 1);
            assertEquals(kind.inputs(), net.getConfiguration().getNetworkInputs(), kind.id());
            assertEquals(java.util.List.of(ModelKind.OUTPUT), net.getConfiguration().getNetworkOutputs(), kind.id());
            INDArray[] in = kind.inputs().stream().map(n -> n.equals(ModelKind.LOG_MEL)
                    ? Nd4j.rand(DataType.FLOAT, 2, 2, 64, 128) : Nd4j.rand(DataType.FLOAT, 2, FeatureConfig.DEFAULT.descriptorCount())).toArray(INDArray[]::new);
            INDArray out = net.output(false, in)[0];
            assertArrayEquals(new long[] {2, 10}, out.shape(), kind.id());
            assertTrue(out.minNumber().doubleValue() > 0 && out.maxNumber().doubleValue() < 1, "sigmoid outputs");
            assertEquals(PARAMETERS.get(kind), net.numParams(), kind.id() + ": the parameter count the README quotes");
        }
    }

    /**
     * The sizes of the four networks at the default input (64 mel bands x 128 frames, 46 descriptors), as the README
     * gives them; with feature version 1 (21 descriptors, none for the CNNs) they were 65,178, 213,574, 146,954 and 37,130.
     */
    static final java.util.Map<ModelKind, Long> PARAMETERS = java.util.Map.of(ModelKind.BASELINE_CNN, 68_122L,
            ModelKind.ENHANCED_CNN, 219_462L, ModelKind.AST, 150_154L, ModelKind.DESCRIPTOR_MLP, 40_330L);

    /** Every network hears the descriptors: changing one changes its outputs (the CNNs join them before their head). */
    @Test
    void everyNetworkHearsTheDescriptors() {
        InputShape shape = new InputShape(64, 128, FeatureConfig.DEFAULT.descriptorCount());
        for (ModelKind kind : ModelKind.values()) {
            assertTrue(kind.usesDescriptors(), kind.id());
            ComputationGraph net = Architectures.of(kind).build(shape, 1e-3, 1);
            Nd4j.getRandom().setSeed(4);
            INDArray mel = Nd4j.rand(DataType.FLOAT, 1, 2, 64, 128), desc = Nd4j.rand(DataType.FLOAT, 1, shape.descriptors());
            INDArray[] in = kind.inputs().stream().map(n -> n.equals(ModelKind.LOG_MEL) ? mel : desc).toArray(INDArray[]::new);
            INDArray before = net.output(false, in)[0].dup();
            desc.putScalar(0, shape.descriptors() - 1, 5.0);
            assertNotEquals(before, net.output(false, in)[0], kind.id() + " hears its last descriptor");
        }
    }

    @Test
    void tooSmallSpectrogramsAreRefusedWithTheMinimum() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BaselineCnn().build(new InputShape(4, 128, FeatureConfig.DEFAULT.descriptorCount()), 1e-3, 1));
        assertTrue(e.getMessage().contains("at least 8 mel bands"), e.getMessage());
    }

    @Test
    void theSameSeedBuildsTheSameWeights() {
        InputShape shape = new InputShape(32, 32, FeatureConfig.DEFAULT.descriptorCount());
        assertEquals(new EnhancedCnn(4, 8, 0.3).build(shape, 1e-3, 5).params(), new EnhancedCnn(4, 8, 0.3).build(shape, 1e-3, 5).params());
        assertNotEquals(new EnhancedCnn(4, 8, 0.3).build(shape, 1e-3, 5).params(), new EnhancedCnn(4, 8, 0.3).build(shape, 1e-3, 6).params());
    }

    /** ND4J's native generator takes seed 0 as "seed from the clock"; --seed 0 must repeat like any other seed. */
    @Test
    void seedZeroBuildsTheSameWeightsToo() {
        InputShape shape = new InputShape(64, 128, FeatureConfig.DEFAULT.descriptorCount());
        for (ModelKind kind : ModelKind.values()) {
            Architecture a = Architectures.of(kind);
            INDArray first = a.build(shape, 1e-3, 0).params();
            Nd4j.rand(DataType.FLOAT, 1000); // the global generator is elsewhere, as in another run
            assertEquals(first, a.build(shape, 1e-3, 0).params(), kind.id());
        }
    }

    /** The squeeze-and-excitation vertex's hand-written backward pass against finite differences. */
    @Test
    void channelScaleGradientsMatchFiniteDifferences() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                    .updater(new NoOp()).graphBuilder()
                    .addInputs("maps", "vector")
                    .setInputTypes(InputType.convolutional(3, 4, 2), InputType.feedForward(3))
                    // parameters on both paths, so both of the vertex's input gradients are checked
                    .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.IDENTITY).build(), "maps")
                    .addLayer("gate", new DenseLayer.Builder().nOut(2).activation(Activation.SIGMOID).build(), "vector")
                    .addVertex("scaled", new ChannelScaleVertex(), "conv", "gate")
                    .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "scaled")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(3)
                            .activation(Activation.TANH).build(), "pool")
                    .setOutputs("out").build();
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            INDArray maps = Nd4j.rand(DataType.DOUBLE, 2, 2, 3, 4).subi(0.5);
            INDArray vector = Nd4j.rand(DataType.DOUBLE, 2, 3);
            INDArray labels = Nd4j.rand(DataType.DOUBLE, 2, 3);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(new INDArray[] {maps, vector}).labels(new INDArray[] {labels})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertTrue(ok, "analytic and numeric gradients agree");
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }
}

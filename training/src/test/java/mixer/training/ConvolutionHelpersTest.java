package mixer.training;

import mixer.dataset.TrainingExamples;
import mixer.dataset.features.FeatureConfig;
import mixer.training.models.InputShape;
import mixer.training.models.ModelKind;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import static org.junit.jupiter.api.Assertions.*;

class ConvolutionHelpersTest {

    private static final InputShape SHAPE = new InputShape(32, 32, FeatureConfig.DEFAULT.descriptorCount());

    /** A normalised batch of 4 tiny examples, in the inputs this kind of model takes. */
    private static MultiDataSet batch(ModelKind kind) {
        var examples = Tiny.examples(4, 5);
        var rows = new mixer.dataset.TrainingExamples.Labelled[4];
        var sample = new java.util.ArrayList<mixer.dataset.features.Features>();
        for (int i = 0; i < rows.length; i++) {
            rows[i] = examples.draw(0, i);
            sample.add(rows[i].features());
        }
        MultiDataSet ds = TrainingExamples.batch(rows);
        FeatureNormalizer.fit(sample).preProcessor(kind).preProcess(ds);
        return ds;
    }

    /** How many of the network's convolution layers run through the helper. */
    static int installedOn(ComputationGraph network) {
        if (ConvolutionHelpers.HELPER == null) return 0;
        int using = 0;
        for (Layer layer : network.getLayers()) {
            try {
                if (layer instanceof ConvolutionLayer conv && ConvolutionHelpers.HELPER.get(conv) instanceof ConvolutionHelper) using++;
            } catch (IllegalAccessException e) {
                return using;
            }
        }
        return using;
    }

    private static long convolutions(ComputationGraph net) {
        return java.util.Arrays.stream(net.getLayers())
                .filter(l -> l.getClass() == org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class).count();
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"BASELINE_CNN", "ENHANCED_CNN"})
    void theConv2dOpGivesTheBuiltInOutputsAndGradientSteps(ModelKind kind) {
        ComputationGraph builtIn = Tiny.architecture(kind).build(SHAPE, 1e-2, 3);
        ComputationGraph helped = builtIn.clone();
        assertEquals(0, installedOn(builtIn), "DL4J M2.1 installs no helper itself");
        assertEquals(convolutions(helped), ConvolutionHelpers.install(helped));
        assertTrue(convolutions(helped) >= 4);

        MultiDataSet ds = batch(kind);
        INDArray[] in = kind.inputs().stream().map(name -> ds.getFeatures(name.equals(ModelKind.LOG_MEL) ? 0 : 1)).toArray(INDArray[]::new);
        INDArray a = builtIn.output(false, in)[0], b = helped.output(false, in)[0];
        assertTrue(a.equalsWithEps(b, 1e-5), "outputs differ beyond float rounding:\n" + a + "\n" + b);

        // fine-tuning a loaded bundle backpropagates through conv2d_bp: the same gradient as the built-in path
        INDArray g = gradient(builtIn, in, ds.getLabels()), h = gradient(helped, in, ds.getLabels());
        double relative = g.sub(h).norm2Number().doubleValue() / g.norm2Number().doubleValue();
        assertTrue(relative < 1e-4, "gradients differ by " + relative + " (relative L2)");
    }

    private static INDArray gradient(ComputationGraph net, INDArray[] in, INDArray[] labels) {
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(42); // the same dropout masks for both
        net.setInputs(in);
        net.setLabels(labels);
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"BASELINE_CNN", "DESCRIPTOR_MLP"})
    void installingTwiceChangesNothingAndNetworksWithoutConvolutionsAreLeftAlone(ModelKind kind) {
        ComputationGraph net = Tiny.architecture(kind).build(SHAPE, 1e-2, 3);
        int first = ConvolutionHelpers.install(net);
        assertEquals(first, ConvolutionHelpers.install(net));
        assertEquals(convolutions(net), installedOn(net));
    }
}

package mixer.training.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * The baseline: four 3x3 conv blocks (ReLU, 2x2 max pooling after the first three), global average
 * pooling over frequency and time, joined with the descriptor vector, a dense layer and the 10 sigmoid
 * outputs. Global pooling forgets where in frequency a pattern was, which the EQ settings depend on;
 * {@link EnhancedCnn} keeps it. The descriptors carry what 46 ms frames blur (a subtracted echo, the reverb).
 *
 * @param width channels of the first block (then 2x, 4x, 4x)
 * @param dense units of the dense layer
 */
public record BaselineCnn(int width, int dense) implements Architecture {

    public BaselineCnn() {
        this(16, 64);
    }

    public BaselineCnn {
        if (width < 1 || dense < 1) throw new IllegalArgumentException("width and dense must be positive");
    }

    @Override
    public ModelKind kind() {
        return ModelKind.BASELINE_CNN;
    }

    @Override
    public ComputationGraph build(InputShape shape, double learningRate, long seed) {
        Graphs.requireAtLeast(shape, 8, 8, "the baseline CNN");
        ComputationGraphConfiguration.GraphBuilder g = Graphs.start(seed, learningRate)
                .addInputs(ModelKind.LOG_MEL, ModelKind.DESCRIPTORS)
                .setInputTypes(Graphs.logMel(shape), Graphs.descriptors(shape));
        int[] channels = {width, 2 * width, 4 * width, 4 * width};
        String in = ModelKind.LOG_MEL;
        for (int b = 0; b < channels.length; b++) {
            g.addLayer("conv" + b, new ConvolutionLayer.Builder(3, 3)
                    .nOut(channels[b]).convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), in);
            in = "conv" + b;
            if (b < 3) {
                g.addLayer("pool" + b, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), in);
                in = "pool" + b;
            }
        }
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), in)
                .addVertex("joined", new MergeVertex(), "gap", ModelKind.DESCRIPTORS)
                .addLayer("dense", new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).build(), "joined")
                .addLayer(ModelKind.OUTPUT, Graphs.output(dense), "dense")
                .setOutputs(ModelKind.OUTPUT);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }
}

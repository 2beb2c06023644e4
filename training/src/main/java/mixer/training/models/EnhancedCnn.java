package mixer.training.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * The enhanced CNN: a conv stem with batch norm (stride 2 in time) and 2x2 pooling, then residual blocks (two 3x3 convs
 * with batch norm, a squeeze-and-excitation gate, a 1x1 projection on the shortcut when the shape
 * changes), each later block halving frequency and time. Frequency-aware pooling then averages and
 * maxes over time only, so the head still sees which mel band each pattern sits in (the EQ settings
 * are about bands); those statistics joined with the descriptor vector feed the dense head, with
 * dropout on its input.
 *
 * @param width    channels of the stem and first block (then 2x, 4x)
 * @param dense    units of the dense head
 * @param dropout  probability of dropping an input of the dense head (0 turns it off)
 */
public record EnhancedCnn(int width, int dense, double dropout) implements Architecture {

    public EnhancedCnn() {
        this(16, 128, 0.3);
    }

    public EnhancedCnn {
        if (width < 1 || dense < 1) throw new IllegalArgumentException("width and dense must be positive");
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }

    @Override
    public ModelKind kind() {
        return ModelKind.ENHANCED_CNN;
    }

    @Override
    public ComputationGraph build(InputShape shape, double learningRate, long seed) {
        Graphs.requireAtLeast(shape, 8, 16, "the enhanced CNN");
        ComputationGraphConfiguration.GraphBuilder g = Graphs.start(seed, learningRate)
                .addInputs(ModelKind.LOG_MEL, ModelKind.DESCRIPTORS)
                .setInputTypes(Graphs.logMel(shape), Graphs.descriptors(shape));
        // The stem steps through time by 2 (46 ms frames still resolve the 250 ms echo and the reverb's
        // decay) and then pools 2x2: the blocks work on a quarter of the frames, which halves the cost.
        convBn(g, "stem", width, 1, 2, ModelKind.LOG_MEL);
        g.addLayer("stem_relu", new ActivationLayer(Activation.RELU), "stem_bn");
        g.addLayer("stem_pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "stem_relu");
        int bands = shape.bands() / 2, frames = ceilHalf(shape.frames()) / 2;
        String x = residual(g, "block0", "stem_pool", width, width, 1);
        x = residual(g, "block1", x, width, 2 * width, 2);
        x = residual(g, "block2", x, 2 * width, 4 * width, 2);
        bands = ceilHalf(ceilHalf(bands));
        frames = ceilHalf(ceilHalf(frames));
        // Frequency-aware pooling: statistics over time, one per channel and mel band.
        g.addLayer("time_mean", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(1, frames).stride(1, frames).build(), x);
        g.addLayer("time_max", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(1, frames).stride(1, frames).build(), x);
        g.addVertex("time_stats", new MergeVertex(), "time_mean", "time_max");
        // [N, 2 x 4 width, bands, 1] as one vector per example, joined with the descriptors
        g.addVertex("time_stats_flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(bands, 1, 8L * width)), "time_stats");
        g.addVertex("joined", new MergeVertex(), "time_stats_flat", ModelKind.DESCRIPTORS);
        g.addLayer("dense", new DenseLayer.Builder().nOut(dense).activation(Activation.RELU)
                        .dropOut(new Dropout(1 - dropout)).build(), "joined")
                .addLayer(ModelKind.OUTPUT, Graphs.output(dense), "dense")
                .setOutputs(ModelKind.OUTPUT);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    private static int ceilHalf(int n) {
        return (n + 1) / 2;
    }

    /** conv (no activation) then batch norm; the output vertex is {@code name + "_bn"}. */
    private static void convBn(ComputationGraphConfiguration.GraphBuilder g, String name, int channels, int stride, String in) {
        convBn(g, name, channels, stride, stride, in);
    }

    private static void convBn(ComputationGraphConfiguration.GraphBuilder g, String name, int channels, int strideBands,
                               int strideFrames, String in) {
        g.addLayer(name, new ConvolutionLayer.Builder(3, 3).stride(strideBands, strideFrames).nOut(channels)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), in);
        g.addLayer(name + "_bn", new BatchNormalization.Builder().build(), name);
    }

    private static String residual(ComputationGraphConfiguration.GraphBuilder g, String name, String in,
                                   int inChannels, int channels, int stride) {
        convBn(g, name + "_a", channels, stride, in);
        g.addLayer(name + "_a_relu", new ActivationLayer(Activation.RELU), name + "_a_bn");
        convBn(g, name + "_b", channels, 1, name + "_a_relu");
        // Squeeze and excitation: a per-channel gate from the channel means.
        int squeezed = Math.max(2, channels / 4);
        g.addLayer(name + "_se_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), name + "_b_bn");
        g.addLayer(name + "_se_down", new DenseLayer.Builder().nOut(squeezed).activation(Activation.RELU).build(), name + "_se_pool");
        g.addLayer(name + "_se_up", new DenseLayer.Builder().nOut(channels).activation(Activation.SIGMOID).build(), name + "_se_down");
        g.addVertex(name + "_se", new ChannelScaleVertex(), name + "_b_bn", name + "_se_up");
        String shortcut = in;
        if (stride != 1 || inChannels != channels) {
            g.addLayer(name + "_proj", new ConvolutionLayer.Builder(1, 1).stride(stride, stride).nOut(channels)
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), in);
            g.addLayer(name + "_proj_bn", new BatchNormalization.Builder().build(), name + "_proj");
            shortcut = name + "_proj_bn";
        }
        g.addVertex(name + "_sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_se", shortcut);
        g.addLayer(name + "_out", new ActivationLayer(Activation.RELU), name + "_sum");
        return name + "_out";
    }
}

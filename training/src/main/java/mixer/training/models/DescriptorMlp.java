package mixer.training.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * Ablation: the descriptor vector alone (loudness, crest, octave bands, decay, echo, ...) through
 * {@code layers} dense ReLU layers of {@code units}. It shows how much the spectrogram adds.
 */
public record DescriptorMlp(int units, int layers) implements Architecture {

    public DescriptorMlp() {
        this(128, 3);
    }

    public DescriptorMlp {
        if (units < 1 || layers < 1) throw new IllegalArgumentException("units and layers must be positive");
    }

    @Override
    public ModelKind kind() {
        return ModelKind.DESCRIPTOR_MLP;
    }

    @Override
    public ComputationGraph build(InputShape shape, double learningRate, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = Graphs.start(seed, learningRate)
                .addInputs(ModelKind.DESCRIPTORS)
                .setInputTypes(InputType.feedForward(shape.descriptors()));
        String in = ModelKind.DESCRIPTORS;
        for (int i = 0; i < layers; i++) {
            g.addLayer("dense" + i, new DenseLayer.Builder().nOut(units).activation(Activation.RELU).build(), in);
            in = "dense" + i;
        }
        g.addLayer(ModelKind.OUTPUT, Graphs.output(units), in).setOutputs(ModelKind.OUTPUT);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }
}

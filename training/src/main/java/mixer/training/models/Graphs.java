package mixer.training.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** What every mixer network shares: float32, Adam, He initialisation, and the 10-sigmoid L1 output layer. */
final class Graphs {

    private Graphs() {
    }

    static ComputationGraphConfiguration.GraphBuilder start(long seed, double learningRate) {
        return new NeuralNetConfiguration.Builder()
                .seed(Nd4jSeed.of(seed))
                .dataType(DataType.FLOAT)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                .graphBuilder();
    }

    /** The input of the log-mel spectrogram: [N, channels (mid, side; six for a pair), bands, frames] as NCHW. */
    static InputType logMel(InputShape shape) {
        return InputType.convolutional(shape.bands(), shape.frames(), shape.channels());
    }

    /** The input of the descriptor vector: [N, descriptors]. */
    static InputType descriptors(InputShape shape) {
        return InputType.feedForward(shape.descriptors());
    }

    /** The 10 normalised settings: sigmoid keeps them in [0, 1]; L1 loss because MAE is the metric. */
    static OutputLayer output(int nIn) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.L1)
                .nIn(nIn).nOut(mixer.dsp.params.Param.COUNT)
                .activation(Activation.SIGMOID)
                .weightInit(WeightInit.XAVIER)
                .build();
    }

    static void requireAtLeast(InputShape shape, int bands, int frames, String what) {
        if (shape.bands() < bands || shape.frames() < frames) {
            throw new IllegalArgumentException(what + " needs at least " + bands + " mel bands x " + frames
                    + " frames (it pools them); got " + shape.bands() + " x " + shape.frames());
        }
    }
}

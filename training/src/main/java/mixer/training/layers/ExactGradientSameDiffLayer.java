package mixer.training.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * The base of mixer's SameDiff layers. DL4J 1.0.0-M2.1's SameDiff layer returns twice the true
 * gradient from backprop, for its parameters and for its input alike (measured against finite
 * differences, also for DL4J's own SelfAttentionLayer), so a stack of k such layers scales the
 * gradients below it by 2^k. Adam hardly notices a constant factor, but gradient clipping, SGD and
 * gradient checks do: this layer halves the incoming error, which makes the gradients exact
 * (TransformerLayersTest checks them against finite differences; should a DL4J upgrade fix the
 * doubling, that test fails with halved gradients and the override in {@link Runtime} goes).
 */
public abstract class ExactGradientSameDiffLayer extends SameDiffLayer {

    protected ExactGradientSameDiffLayer() {
    }

    /** As DL4J's SameDiffLayer.instantiate, with the corrected runtime layer. */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        Runtime layer = new Runtime(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    /** DL4J's runtime SameDiff layer, fed half the error to undo its doubling. */
    static final class Runtime extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {

        Runtime(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            return super.backpropGradient(epsilon.mul(0.5), workspaceMgr);
        }
    }
}

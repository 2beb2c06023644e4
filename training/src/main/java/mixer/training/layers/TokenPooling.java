package mixer.training.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The encoder's summary of a window: the final layer norm of a pre-norm transformer, then the mean
 * over tokens, {@code [N, E, T] -> [N, E]}. Mean pooling stands in for a CLS token: every token has
 * seen every other through attention, the window has no padding, and it needs no tiling of a
 * learned token over a batch of unknown size.
 *
 * <p>A DL4J layer configuration: the no-argument constructor and the getters and setters are what
 * DL4J's JSON (model saving) needs.
 */
public class TokenPooling extends ExactGradientSameDiffLayer {

    public static final String GAIN = "normGain", BIAS = "normBias";

    private long embedding;

    /** For JSON; DL4J sets the size from the input type when the graph is built. */
    public TokenPooling() {
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalArgumentException("layer '" + getLayerName() + "': token pooling needs tokens"
                    + " (recurrent input type [N, E, T]), got " + inputType);
        }
        if (embedding <= 0 || override) embedding = r.getSize();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalArgumentException("layer '" + getLayerName() + "': expected a recurrent input type, got " + inputType);
        }
        return InputType.feedForward(r.getSize());
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addBiasParam(GAIN, embedding);
        params.addBiasParam(BIAS, embedding);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(GAIN).assign(1);
        params.get(BIAS).assign(0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        return sd.nn.layerNorm(x, p.get(GAIN), p.get(BIAS), true, 1).mean(2);
    }

    @Override
    public void validateInput(INDArray input) {
        if (input.rank() != 3 || input.size(1) != embedding) {
            throw new IllegalArgumentException("layer '" + getLayerName() + "': expected tokens [N, " + embedding
                    + ", T], got " + Arrays.toString(input.shape()));
        }
    }

    public long getEmbedding() {
        return embedding;
    }

    public void setEmbedding(long embedding) {
        this.embedding = embedding;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenPooling t && super.equals(o) && embedding == t.embedding;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), embedding);
    }
}

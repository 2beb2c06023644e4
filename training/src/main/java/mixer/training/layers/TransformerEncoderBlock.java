package mixer.training.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One pre-norm transformer encoder block over tokens {@code [N, E, T]} (DL4J's recurrent NCW layout):
 * <pre>
 *   x = x + MultiHeadAttention(LayerNorm(x))
 *   x = x + W2 · gelu(W1 · LayerNorm(x) + b1) + b2
 * </pre>
 * Layer norms normalise each token over its E features. Attention is SameDiff's
 * {@code multiHeadDotProductAttention} (scaled, no masks: every window has the same number of tokens);
 * its projections have no biases. The output has the input's shape, so blocks stack.
 *
 * <p>A DL4J layer configuration: the no-argument constructor and the getters and setters are what
 * DL4J's JSON (model saving) needs.
 */
public class TransformerEncoderBlock extends ExactGradientSameDiffLayer {

    // No underscores: DL4J's updater finds the layer of a gradient "layer_param" at the last underscore.
    public static final String NORM1_GAIN = "norm1Gain", NORM1_BIAS = "norm1Bias";
    public static final String QUERY = "Wq", KEY = "Wk", VALUE = "Wv", OUT = "Wo";
    public static final String NORM2_GAIN = "norm2Gain", NORM2_BIAS = "norm2Bias";
    public static final String MLP_IN = "mlpW1", MLP_IN_BIAS = "mlpB1", MLP_OUT = "mlpW2", MLP_OUT_BIAS = "mlpB2";

    private long embedding;
    private int heads;
    private long mlpHidden;

    /** For JSON. */
    public TransformerEncoderBlock() {
    }

    /**
     * @param heads     attention heads; {@code embedding} (set from the input type) must be a multiple of it
     * @param mlpHidden width of the feed-forward layer inside the block
     */
    public TransformerEncoderBlock(int heads, long mlpHidden) {
        if (heads < 1) throw new IllegalArgumentException("heads must be at least 1, got " + heads);
        if (mlpHidden < 1) throw new IllegalArgumentException("mlpHidden must be at least 1, got " + mlpHidden);
        this.heads = heads;
        this.mlpHidden = mlpHidden;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalArgumentException("layer '" + getLayerName() + "': a transformer block needs tokens"
                    + " (recurrent input type [N, E, T]), got " + inputType);
        }
        if (embedding <= 0 || override) {
            if (r.getSize() % heads != 0) {
                throw new IllegalArgumentException("layer '" + getLayerName() + "': embedding " + r.getSize()
                        + " is not a multiple of " + heads + " heads; choose an embedding divisible by the heads");
            }
            embedding = r.getSize();
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent)) {
            throw new IllegalArgumentException("layer '" + getLayerName() + "': expected a recurrent input type, got " + inputType);
        }
        return inputType;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        long headSize = embedding / heads;
        // Layer-norm gains and all offsets are "bias" parameters for DL4J: no weight decay on them.
        params.addBiasParam(NORM1_GAIN, embedding);
        params.addBiasParam(NORM1_BIAS, embedding);
        params.addWeightParam(QUERY, heads, headSize, embedding);
        params.addWeightParam(KEY, heads, headSize, embedding);
        params.addWeightParam(VALUE, heads, headSize, embedding);
        params.addWeightParam(OUT, heads * headSize, embedding);
        params.addBiasParam(NORM2_GAIN, embedding);
        params.addBiasParam(NORM2_BIAS, embedding);
        params.addWeightParam(MLP_IN, embedding, mlpHidden);
        params.addBiasParam(MLP_IN_BIAS, mlpHidden);
        params.addWeightParam(MLP_OUT, mlpHidden, embedding);
        params.addBiasParam(MLP_OUT_BIAS, embedding);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        WeightInitXavier xavier = new WeightInitXavier();
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            String name = e.getKey();
            INDArray p = e.getValue();
            switch (name) {
                case NORM1_GAIN, NORM2_GAIN -> p.assign(1);
                case QUERY, KEY, VALUE -> xavier.init(embedding, embedding, p.shape(), 'c', p);
                case OUT -> xavier.init(embedding, embedding, p.shape(), 'c', p);
                case MLP_IN -> xavier.init(embedding, mlpHidden, p.shape(), 'c', p);
                case MLP_OUT -> xavier.init(mlpHidden, embedding, p.shape(), 'c', p);
                default -> p.assign(0);
            }
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        // [N, E, T]: normalise over dimension 1 (the features), gains broadcast along it.
        SDVariable h = sd.nn.layerNorm(x, p.get(NORM1_GAIN), p.get(NORM1_BIAS), true, 1);
        SDVariable attention = sd.nn.multiHeadDotProductAttention(h, h, h,
                p.get(QUERY), p.get(KEY), p.get(VALUE), p.get(OUT), null, true);
        SDVariable x1 = x.add(attention);

        SDVariable h2 = sd.nn.layerNorm(x1, p.get(NORM2_GAIN), p.get(NORM2_BIAS), true, 1);
        // Per-token feed-forward on rows of [N*T, E] (tensorMmul's gradient fails on [N, E, T] x [E, H] in M2.1).
        SDVariable rows = h2.permute(0, 2, 1);
        SDVariable tokens = rows.reshape(-1, embedding);
        SDVariable hidden = sd.nn.gelu(tokens.mmul(p.get(MLP_IN)).add(p.get(MLP_IN_BIAS)));
        SDVariable out = hidden.mmul(p.get(MLP_OUT)).add(p.get(MLP_OUT_BIAS));
        return x1.add(out.reshape(rows.shape()).permute(0, 2, 1));
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

    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }

    public long getMlpHidden() {
        return mlpHidden;
    }

    public void setMlpHidden(long mlpHidden) {
        this.mlpHidden = mlpHidden;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformerEncoderBlock b && super.equals(o)
                && embedding == b.embedding && heads == b.heads && mlpHidden == b.mlpHidden;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), embedding, heads, mlpHidden);
    }
}

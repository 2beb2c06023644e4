package mixer.training.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a grid of patch embeddings into a sequence of tokens and adds a learned embedding per
 * position: {@code [N, E, rows, columns]} (a convolution's output, NCHW) becomes {@code [N, E, T]}
 * (DL4J's recurrent NCW layout) with {@code T = rows * columns}, token {@code r * columns + c} for
 * patch (r, c). Without it the encoder could not tell a low band from a high one, or early from late.
 *
 * <p>A DL4J layer configuration: the no-argument constructor and the getters and setters are what
 * DL4J's JSON (model saving) needs.
 */
public class PositionalEmbedding extends ExactGradientSameDiffLayer {

    public static final String POSITION = "position";

    /** ViT's scale for position embeddings: small next to the unit-variance patch embeddings. */
    private static final double INIT_STD = 0.02;

    private long embedding;
    private long rows;
    private long columns;

    /** For JSON; DL4J sets the sizes from the input type when the graph is built. */
    public PositionalEmbedding() {
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("layer '" + getLayerName() + "': positional embedding needs a grid of patch"
                    + " embeddings (convolutional input type), got " + inputType);
        }
        if (embedding <= 0 || override) {
            embedding = c.getChannels();
            rows = c.getHeight();
            columns = c.getWidth();
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("layer '" + getLayerName() + "': expected a convolutional input type, got " + inputType);
        }
        return InputType.recurrent(c.getChannels(), c.getHeight() * c.getWidth());
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null; // takes the grid as it is
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        // A "bias" parameter for DL4J: it gets no weight decay, as in ViT.
        params.addBiasParam(POSITION, 1, embedding, rows * columns);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray position = params.get(POSITION);
        position.assign(Nd4j.randn(position.dataType(), position.shape()).muli(INIT_STD));
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> paramTable, SDVariable mask) {
        SDVariable tokens = layerInput.reshape(-1, embedding, rows * columns);
        return tokens.add(paramTable.get(POSITION));
    }

    @Override
    public void validateInput(INDArray input) {
        if (input.rank() != 4 || input.size(1) != embedding || input.size(2) != rows || input.size(3) != columns) {
            throw new IllegalArgumentException("layer '" + getLayerName() + "': expected patch embeddings [N, " + embedding
                    + ", " + rows + ", " + columns + "], got " + Arrays.toString(input.shape()));
        }
    }

    public long tokens() {
        return rows * columns;
    }

    public long getEmbedding() {
        return embedding;
    }

    public void setEmbedding(long embedding) {
        this.embedding = embedding;
    }

    public long getRows() {
        return rows;
    }

    public void setRows(long rows) {
        this.rows = rows;
    }

    public long getColumns() {
        return columns;
    }

    public void setColumns(long columns) {
        this.columns = columns;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PositionalEmbedding p && super.equals(o)
                && embedding == p.embedding && rows == p.rows && columns == p.columns;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), embedding, rows, columns);
    }
}

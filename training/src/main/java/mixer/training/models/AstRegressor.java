package mixer.training.models;

import mixer.dsp.params.Param;
import mixer.training.layers.PositionalEmbedding;
import mixer.training.layers.TokenPooling;
import mixer.training.layers.TransformerEncoderBlock;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

/**
 * A small Audio Spectrogram Transformer: the mid/side log-mel is cut into non-overlapping patches of
 * {@code patchBands x patchFrames}, each patch is embedded linearly (a convolution whose stride is its
 * kernel), a learned embedding per position is added, pre-norm transformer encoder blocks mix the
 * tokens, and their mean (after a final layer norm) is joined with the descriptor vector and fed to
 * an MLP head with 10 sigmoid outputs (L1 loss). Adam with decoupled weight decay (AdamW) on the
 * weight matrices.
 *
 * <p>Graph: {@code logmel -> patches -> positions -> block1..blockK -> pooled}, {@code [pooled,
 * descriptors] -> joined -> head -> params}.
 */
public final class AstRegressor implements Architecture {

    /**
     * The size of the network. The defaults suit a 2-core CPU: 2 x 64 bands x 128 frames become
     * 4 x 8 = 32 tokens of 64 features, about 147,000 parameters, and a training step at batch 32
     * takes about 0.2 s (AstRegressorBenchmark).
     *
     * @param patchBands  mel bands per patch; the input's bands must be a multiple of it
     * @param patchFrames frames per patch; the input's frames must be a multiple of it
     * @param embedding   features per token; a multiple of {@code heads}
     * @param heads       attention heads per block
     * @param blocks      transformer encoder blocks
     * @param mlpHidden   width of the feed-forward layer inside each block
     * @param headHidden  width of the hidden layer of the head (pooled tokens + descriptors -> 10)
     * @param headDropout share of the head's hidden units dropped while training (0 for none)
     * @param weightDecay decoupled weight decay on the weight matrices (not on biases, norms, positions)
     */
    public record Config(int patchBands, int patchFrames, int embedding, int heads, int blocks,
                         int mlpHidden, int headHidden, double headDropout, double weightDecay) {

        public static final Config DEFAULT = new Config(16, 16, 64, 4, 3, 128, 128, 0.1, 0.01);

        public Config {
            if (patchBands < 1 || patchFrames < 1) {
                throw new IllegalArgumentException("patch size must be positive, got " + patchBands + " x " + patchFrames);
            }
            if (embedding < 1 || heads < 1 || embedding % heads != 0) {
                throw new IllegalArgumentException("embedding " + embedding + " must be a positive multiple of heads " + heads);
            }
            if (blocks < 1) throw new IllegalArgumentException("blocks must be at least 1, got " + blocks);
            if (mlpHidden < 1 || headHidden < 1) {
                throw new IllegalArgumentException("hidden widths must be positive, got mlpHidden " + mlpHidden
                        + ", headHidden " + headHidden);
            }
            if (!(headDropout >= 0 && headDropout < 1)) {
                throw new IllegalArgumentException("headDropout must be in [0, 1), got " + headDropout);
            }
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
    }

    private final Config config;

    public AstRegressor() {
        this(Config.DEFAULT);
    }

    public AstRegressor(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /**
     * "AstRegressor[patchBands=16, ...]", like the record architectures: it goes into a bundle's provenance
     * and a checkpoint, where resuming compares it (an identity hash differed in every run).
     */
    @Override
    public String toString() {
        String c = config.toString(); // "Config[patchBands=16, ...]"
        return "AstRegressor" + c.substring(c.indexOf('['));
    }

    @Override
    public ModelKind kind() {
        return ModelKind.AST;
    }

    @Override
    public ComputationGraph build(InputShape shape, double learningRate, long seed) {
        Config c = config;
        if (shape.bands() % c.patchBands() != 0 || shape.frames() % c.patchFrames() != 0) {
            throw new IllegalArgumentException("AST: input of " + shape.bands() + " bands x " + shape.frames()
                    + " frames does not divide into patches of " + c.patchBands() + " x " + c.patchFrames()
                    + "; choose a patch size that divides both");
        }
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);

        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(Nd4jSeed.of(seed))
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(ModelKind.LOG_MEL, ModelKind.DESCRIPTORS)
                .setInputTypes(InputType.convolutional(shape.bands(), shape.frames(), shape.channels()),
                        InputType.feedForward(shape.descriptors()));

        g.addLayer("patches", decayed(new ConvolutionLayer.Builder(c.patchBands(), c.patchFrames())
                .stride(c.patchBands(), c.patchFrames())
                .convolutionMode(ConvolutionMode.Truncate)
                .nOut(c.embedding())
                .activation(Activation.IDENTITY)
                .build()), ModelKind.LOG_MEL);
        g.addLayer("positions", decayed(new PositionalEmbedding()), "patches");
        String previous = "positions";
        for (int b = 1; b <= c.blocks(); b++) {
            g.addLayer("block" + b, decayed(new TransformerEncoderBlock(c.heads(), c.mlpHidden())), previous);
            previous = "block" + b;
        }
        g.addLayer("pooled", decayed(new TokenPooling()), previous);
        g.addVertex("joined", new MergeVertex(), "pooled", ModelKind.DESCRIPTORS);
        g.addLayer("head", decayed(new DenseLayer.Builder().nOut(c.headHidden()).activation(Activation.RELU).build()), "joined");
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.L1)
                .nOut(Param.COUNT)
                .activation(Activation.SIGMOID);
        // DL4J's dropout acts on a layer's input and is given as the share kept.
        if (c.headDropout() > 0) out.dropOut(new Dropout(1 - c.headDropout()));
        g.addLayer(ModelKind.OUTPUT, decayed(out.build()), "head");
        g.setOutputs(ModelKind.OUTPUT);

        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /**
     * Decoupled weight decay on this layer's weights only. Set per layer: DL4J M2.1 puts a decay given
     * on the global builder into the list of a convolution, dense or output layer twice.
     */
    private <T extends Layer> T decayed(T layer) {
        List<Regularization> weights = new ArrayList<>();
        if (config.weightDecay() > 0) weights.add(new WeightDecay(config.weightDecay(), true));
        if (layer instanceof BaseLayer b) {
            b.setRegularization(weights);
            b.setRegularizationBias(new ArrayList<>());
        } else if (layer instanceof AbstractSameDiffLayer s) {
            s.setRegularization(weights);
            s.setRegularizationBias(new ArrayList<>());
        } else {
            throw new IllegalStateException("no weight decay for " + layer.getClass().getName());
        }
        return layer;
    }
}

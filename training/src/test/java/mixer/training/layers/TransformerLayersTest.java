package mixer.training.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The custom SameDiff layers against facts: a plain ND4J re-computation of a pre-norm transformer
 * block (layer norm over the features, heads, scaled softmax attention, GELU feed-forward, residuals),
 * the token layout of the positional embedding, the pooled summary, and gradients that match finite
 * differences.
 */
class TransformerLayersTest {

    private static final int CHANNELS = 2, BANDS = 4, FRAMES = 8, PATCH = 2, EMBEDDING = 8, HEADS = 2, MLP = 12, DESCRIPTORS = 3;
    private static final int SAMPLES_PER_PARAMETER = 2;
    private static final int ROWS = BANDS / PATCH, COLUMNS = FRAMES / PATCH, TOKENS = ROWS * COLUMNS;

    /** logmel -> patches -> positions -> block -> pooled, joined with descriptors -> dense -> out (MSE). */
    private static ComputationGraph tinyGraph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("logmel", "descriptors")
                .setInputTypes(InputType.convolutional(BANDS, FRAMES, CHANNELS), InputType.feedForward(DESCRIPTORS))
                .addLayer("patches", new ConvolutionLayer.Builder(PATCH, PATCH).stride(PATCH, PATCH).nOut(EMBEDDING)
                        .activation(Activation.IDENTITY).build(), "logmel")
                .addLayer("positions", new PositionalEmbedding(), "patches")
                .addLayer("block", new TransformerEncoderBlock(HEADS, MLP), "positions")
                .addLayer("pooled", new TokenPooling(), "block")
                .addVertex("joined", new MergeVertex(), "pooled", "descriptors")
                .addLayer("dense", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "joined")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "dense")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        // Non-trivial norms and offsets, so the reference checks their broadcasting too.
        Nd4j.getRandom().setSeed(seed + 1);
        for (String layer : new String[] {"block", "pooled"}) {
            for (Map.Entry<String, INDArray> p : net.getLayer(layer).paramTable().entrySet()) {
                if (p.getValue().rank() == 1) p.getValue().addi(Nd4j.randn(DataType.DOUBLE, p.getValue().shape()).muli(0.3));
            }
        }
        return net;
    }

    private static INDArray[] inputs(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new INDArray[] {Nd4j.randn(DataType.DOUBLE, n, CHANNELS, BANDS, FRAMES), Nd4j.randn(DataType.DOUBLE, n, DESCRIPTORS)};
    }

    /** Layer norm over dimension 0 of [E, T] (each column a token); libnd4j's layer_norm adds no epsilon. */
    private static INDArray layerNorm(INDArray x, INDArray gain, INDArray bias) {
        INDArray mean = x.mean(true, 0);
        INDArray centred = x.subRowVector(mean);
        INDArray var = centred.mul(centred).mean(true, 0);
        INDArray normed = centred.divRowVector(Transforms.sqrt(var, false));
        return normed.mulColumnVector(gain.reshape(-1, 1)).addColumnVector(bias.reshape(-1, 1));
    }

    /** GELU, sigmoid approximation (what SameDiff's gelu computes). */
    private static INDArray gelu(INDArray x) {
        return x.mul(Transforms.sigmoid(x.mul(1.702), true));
    }

    /** The block for one example, x [E, T], written out with plain matrix products. */
    private static INDArray referenceBlock(INDArray x, Map<String, INDArray> p) {
        INDArray h = layerNorm(x, p.get(TransformerEncoderBlock.NORM1_GAIN), p.get(TransformerEncoderBlock.NORM1_BIAS));
        int headSize = EMBEDDING / HEADS;
        INDArray heads = Nd4j.create(DataType.DOUBLE, EMBEDDING, x.size(1));
        for (int head = 0; head < HEADS; head++) {
            INDArray q = p.get(TransformerEncoderBlock.QUERY).get(NDArrayIndex.point(head)).mmul(h); // [hs, T]
            INDArray k = p.get(TransformerEncoderBlock.KEY).get(NDArrayIndex.point(head)).mmul(h);
            INDArray v = p.get(TransformerEncoderBlock.VALUE).get(NDArrayIndex.point(head)).mmul(h);
            INDArray scores = k.transpose().mmul(q).divi(Math.sqrt(headSize)); // [T keys, T queries]
            INDArray weights = Transforms.exp(scores.subRowVector(scores.max(true, 0)), false);
            weights.diviRowVector(weights.sum(true, 0));
            heads.get(NDArrayIndex.interval(head * headSize, (head + 1) * headSize), NDArrayIndex.all()).assign(v.mmul(weights));
        }
        INDArray x1 = x.add(p.get(TransformerEncoderBlock.OUT).transpose().mmul(heads));
        INDArray h2 = layerNorm(x1, p.get(TransformerEncoderBlock.NORM2_GAIN), p.get(TransformerEncoderBlock.NORM2_BIAS));
        INDArray hidden = gelu(p.get(TransformerEncoderBlock.MLP_IN).transpose().mmul(h2)
                .addColumnVector(p.get(TransformerEncoderBlock.MLP_IN_BIAS).reshape(-1, 1)));
        INDArray out = p.get(TransformerEncoderBlock.MLP_OUT).transpose().mmul(hidden)
                .addColumnVector(p.get(TransformerEncoderBlock.MLP_OUT_BIAS).reshape(-1, 1));
        return x1.add(out);
    }

    @Test
    void layersMatchAPlainRecomputation() {
        ComputationGraph net = tinyGraph(3);
        INDArray[] in = inputs(3, 4);
        Map<String, INDArray> acts = net.feedForward(in, false);

        INDArray patches = acts.get("patches"), positions = acts.get("positions"), block = acts.get("block");
        assertArrayEquals(new long[] {3, EMBEDDING, ROWS, COLUMNS}, patches.shape());
        assertArrayEquals(new long[] {3, EMBEDDING, TOKENS}, positions.shape());
        INDArray position = net.getLayer("positions").getParam(PositionalEmbedding.POSITION);
        for (int n = 0; n < 3; n++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    for (int e = 0; e < EMBEDDING; e++) {
                        double expected = patches.getDouble(n, e, r, c) + position.getDouble(0, e, r * COLUMNS + c);
                        assertEquals(expected, positions.getDouble(n, e, r * COLUMNS + c), 1e-12, "token of patch (r, c) is r * columns + c");
                    }
                }
            }
        }

        Map<String, INDArray> blockParams = net.getLayer("block").paramTable();
        Map<String, INDArray> poolParams = net.getLayer("pooled").paramTable();
        for (int n = 0; n < 3; n++) {
            INDArray x = positions.get(NDArrayIndex.point(n), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray expected = referenceBlock(x, blockParams);
            INDArray got = block.get(NDArrayIndex.point(n), NDArrayIndex.all(), NDArrayIndex.all());
            assertTrue(expected.equalsWithEps(got, 1e-7), "block output of example " + n + ":\n" + expected + "\nvs\n" + got);

            INDArray pooled = layerNorm(got, poolParams.get(TokenPooling.GAIN), poolParams.get(TokenPooling.BIAS)).mean(1);
            assertTrue(pooled.equalsWithEps(acts.get("pooled").getRow(n), 1e-7), "pooled summary of example " + n);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ComputationGraph net = tinyGraph(5);
        int n = 3;
        INDArray[] in = inputs(n, 6);
        INDArray[] labels = {Nd4j.randn(DataType.DOUBLE, n, 2)};
        MultiDataSet data = new MultiDataSet(in, labels);
        net.setInputs(in);
        net.setLabels(labels);
        net.computeGradientAndScore();
        Map<String, INDArray> analytic = net.gradient().gradientForVariable();

        // Central differences on a seeded sample of entries of every parameter. DL4J's gradient is the sum over
        // the minibatch and its score the mean, hence the factor n.
        double step = 1e-6;
        SplittableRandom rng = new SplittableRandom(7);
        int checked = 0;
        String[] layers = {"patches", "positions", "block", "pooled", "dense", "out"};
        for (String layer : layers) {
            for (Map.Entry<String, INDArray> p : net.getLayer(layer).paramTable().entrySet()) {
                INDArray param = p.getValue();
                INDArray grad = analytic.get(layer + "_" + p.getKey());
                assertNotNull(grad, "gradient of " + layer + "_" + p.getKey());
                for (int s = 0; s < SAMPLES_PER_PARAMETER; s++) {
                    long i = rng.nextLong(param.length());
                    double original = param.getDouble(i);
                    param.putScalar(i, original + step);
                    double up = net.score(data, false);
                    param.putScalar(i, original - step);
                    double down = net.score(data, false);
                    param.putScalar(i, original);
                    double numeric = (up - down) / (2 * step), a = grad.getDouble(i) / n;
                    assertEquals(numeric, a, 1e-7 + 1e-5 * Math.abs(numeric), layer + "_" + p.getKey() + "[" + i + "]");
                    checked++;
                }
            }
        }
        assertEquals(SAMPLES_PER_PARAMETER * (2 + 1 + 12 + 2 + 2 + 2), checked, "every parameter of every layer checked");
    }
}

package mixer.training.models;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Squeeze-and-excitation's last step: feature maps [N, C, H, W] (input 0) times per-channel weights
 * [N, C] (input 1), broadcast over H and W. DL4J's ElementWiseVertex needs equal shapes, hence this
 * vertex (a SameDiff lambda would do too, but it prints to stdout and is several times slower).
 */
public class ChannelScaleVertex extends GraphVertex {

    @Override
    public ChannelScaleVertex clone() {
        return new ChannelScaleVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelScaleVertex;
    }

    @Override
    public int hashCode() {
        return ChannelScaleVertex.class.getName().hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                       INDArray paramsView, boolean initializeParams,
                                                                       DataType networkDatatype) {
        return new Impl(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, ChannelScaleVertex.class, inputTypes[0], inputTypes[0])
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    static final class Impl extends BaseGraphVertex {

        Impl(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
            super(graph, name, vertexIndex, null, null, dataType);
        }

        @Override
        public boolean hasLayer() {
            return false;
        }

        @Override
        public Layer getLayer() {
            return null;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            if (!canDoForward()) throw new IllegalStateException("ChannelScaleVertex " + vertexName + ": inputs not set");
            INDArray maps = inputs[0], weights = inputs[1];
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, maps.dataType(), maps.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(maps, weights, out, 0, 1));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            if (!canDoBackward()) throw new IllegalStateException("ChannelScaleVertex " + vertexName + ": errors not set");
            INDArray maps = inputs[0], weights = inputs[1];
            INDArray dMaps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, maps.dataType(), maps.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(epsilon, weights, dMaps, 0, 1));
            INDArray dWeights;
            try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
                dWeights = epsilon.mul(maps).sum(2, 3);
            }
            return new Pair<>(null, new INDArray[] {dMaps, dWeights});
        }

        @Override
        public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
            if (backpropGradientsViewArray != null) throw new IllegalStateException("ChannelScaleVertex has no parameters");
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
            return maskArrays == null || maskArrays.length == 0 ? null : new Pair<>(maskArrays[0], currentMaskState);
        }

        @Override
        public String toString() {
            return "ChannelScaleVertex(id=" + vertexIndex + ",name=\"" + vertexName + "\")";
        }
    }
}

package mixer.training;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;

/**
 * Runs a network's convolution layers through libnd4j's {@code conv2d} op (DL4J's own
 * {@link MKLDNNConvHelper}) instead of DL4J's built-in path, which unrolls every input patch into a
 * permuted view ({@code im2col}) before a matrix product: on this CPU that unrolling is 76 % of a CNN's
 * forward pass, and the op is 3-4x faster for the same outputs (within float rounding).
 *
 * <p>DL4J 1.0.0-M2.1 never installs this helper itself: helpers are off unless the system property
 * {@code org.eclipse.deeplearning4j.helpers.disable} is {@code false}, and even then its check asks
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()}, a class M2.1 renamed, so the helper is
 * dropped. This class sets DL4J's {@code helper} field directly. CPU backend only (CUDA has cuDNN); a
 * helper that fails at run time makes the layer fall back to its built-in path (DL4J's own rule).
 */
public final class ConvolutionHelpers {

    /** Package-private: the tests read it ({@code ConvolutionHelpersTest.installedOn}). */
    static final Field HELPER = helperField();

    private ConvolutionHelpers() {
    }

    /** Installs the helper on every convolution layer that has none; returns how many now use it. */
    public static int install(ComputationGraph network) {
        if (HELPER == null || !onCpu()) return 0;
        int using = 0;
        for (Layer layer : network.getLayers()) {
            // plain 2-D convolutions only: 1-D, depthwise and transposed convolutions subclass this layer
            if (layer.getClass() != ConvolutionLayer.class) continue;
            ConvolutionLayer conv = (ConvolutionLayer) layer;
            try {
                if (HELPER.get(conv) == null) HELPER.set(conv, new MKLDNNConvHelper(conv.getParam("W").dataType()));
                using++;
            } catch (IllegalAccessException e) {
                return using; // the field is ours to set (made accessible below); unreachable in practice
            }
        }
        return using;
    }

    private static boolean onCpu() {
        return "CPU".equalsIgnoreCase(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
    }

    /** DL4J's protected {@code ConvolutionLayer.helper}; null (helpers never installed) if a later DL4J renames it. */
    private static Field helperField() {
        try {
            Field f = ConvolutionLayer.class.getDeclaredField("helper");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}

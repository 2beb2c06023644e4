package mixer.training.models;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/** Changing a network's learning rate while it trains (schedules, plateaus). */
public final class LearningRate {

    private LearningRate() {
    }

    /**
     * Sets the learning rate of every layer. DL4J M2.1's {@code ComputationGraph.setLearningRate}
     * changes only its own layer types and leaves SameDiff layers (the AST's transformer blocks) at
     * the old rate; this also updates theirs.
     */
    public static void set(ComputationGraph net, double learningRate) {
        if (!(learningRate >= 0)) throw new IllegalArgumentException("learning rate must be >= 0, got " + learningRate);
        for (Layer layer : net.getLayers()) {
            if (layer.conf().getLayer() instanceof AbstractSameDiffLayer s) {
                set(s.getUpdater(), learningRate);
                set(s.getBiasUpdater(), learningRate);
            }
        }
        net.setLearningRate(learningRate);
    }

    private static void set(IUpdater updater, double learningRate) {
        if (updater != null && updater.hasLearningRate()) updater.setLrAndSchedule(learningRate, null);
    }
}

package mixer.training.models;

import mixer.dataset.Task;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Builds one kind of network; see {@link ModelKind} for the input and output names every network uses. */
public interface Architecture {

    ModelKind kind();

    /** A fresh, initialised network for inputs of this shape, with its updater at this learning rate. */
    ComputationGraph build(InputShape shape, double learningRate, long seed);

    /** Full-size training settings for this network on a task (what `mixer train` and `mixer reproduce` use): {@link TrainingDefaults#of}. */
    default TrainingDefaults defaults(Task task) {
        return TrainingDefaults.of(kind(), task);
    }
}

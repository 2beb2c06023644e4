package mixer.training;

import mixer.dataset.TrainingExamples;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.training.models.InputShape;
import mixer.training.models.ModelKind;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A network that cannot fit 8 fixed examples has a bug (wiring, loss, normalisation, a broken vertex). */
class OverfitTest {

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"BASELINE_CNN", "ENHANCED_CNN", "DESCRIPTOR_MLP"})
    void fitsEightExamplesToMaeBelow002(ModelKind kind) {
        long t0 = System.nanoTime();
        TrainingExamples examples = Tiny.examples(8, 5);
        TrainingExamples.Labelled[] fixed = new TrainingExamples.Labelled[8];
        List<Features> windows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fixed[i] = examples.draw(0, i);
            windows.add(fixed[i].features());
        }
        FeatureNormalizer normalizer = FeatureNormalizer.fit(windows);
        MultiDataSet batch = TrainingExamples.batch(fixed);
        normalizer.preProcessor(kind).preProcess(batch);
        InputShape shape = new InputShape(Tiny.FEATURES.logMel().melBands(), Tiny.FEATURES.frames(), FeatureConfig.DEFAULT.descriptorCount());
        ComputationGraph net = Tiny.architecture(kind).build(shape, 5e-3, 3);
        t0 = System.nanoTime();
        double mae = Double.NaN;
        int iterations = 0;
        for (; iterations < 1500; iterations++) {
            net.fit(batch);
            if (iterations % 10 == 9) {
                mae = mae(net.output(false, batch.getFeatures())[0], batch.getLabels(0));
                if (mae < 0.02) break;
            }
        }
        System.out.printf("%s: MAE %.4f after %d iterations, %.1f s%n", kind.id(), mae, iterations + 1, (System.nanoTime() - t0) / 1e9);
        assertTrue(mae < 0.02, kind.id() + " reached only MAE " + mae + " on 8 fixed examples");
    }

    static double mae(INDArray predicted, INDArray targets) {
        return predicted.sub(targets).norm1Number().doubleValue() / targets.length();
    }
}

package mixer.training;

import mixer.dataset.TrainingExamples;
import mixer.dataset.features.Features;
import mixer.training.models.ModelKind;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FeatureNormalizerTest {

    private static Features constant(float mid, float side, float... descriptors) {
        float[][][] mel = new float[2][3][4];
        for (float[] band : mel[0]) java.util.Arrays.fill(band, mid);
        for (float[] band : mel[1]) java.util.Arrays.fill(band, side);
        return new Features(mel, descriptors);
    }

    @Test
    void fitsPerChannelAndPerDescriptorStatistics() {
        FeatureNormalizer n = FeatureNormalizer.fit(List.of(constant(-10, -40, 1, 5), constant(-30, -40, 3, 5)));
        INDArray[] in = n.inputs(List.of(constant(-10, -40, 1, 5), constant(-20, -40, 3, 7)), ModelKind.AST.inputs());
        // mid: mean -20, std 10; side: constant, so only centred; descriptor 0: mean 2, std 1; descriptor 1 constant
        assertEquals(1.0, in[0].getDouble(0, 0, 0, 0), 1e-6);
        assertEquals(0.0, in[0].getDouble(1, 0, 2, 3), 1e-6);
        assertEquals(0.0, in[0].getDouble(0, 1, 1, 1), 1e-6);
        assertEquals(-1.0, in[1].getDouble(0, 0), 1e-6);
        assertEquals(1.0, in[1].getDouble(1, 0), 1e-6);
        assertEquals(2.0, in[1].getDouble(1, 1), 1e-6);
        assertEquals(1, n.inputs(List.of(constant(0, 0, 0, 0)), ModelKind.DESCRIPTOR_MLP.inputs()).length);
    }

    @Test
    void theTrainingPreprocessorAndInferenceGiveTheSameInputs() {
        TrainingExamples examples = Tiny.examples(3, 4);
        TrainingExamples.Labelled[] batch = new TrainingExamples.Labelled[3];
        List<Features> windows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch[i] = examples.draw(1, i);
            windows.add(batch[i].features());
        }
        FeatureNormalizer n = FeatureNormalizer.fit(windows);
        for (ModelKind kind : new ModelKind[] {ModelKind.BASELINE_CNN, ModelKind.DESCRIPTOR_MLP, ModelKind.AST}) {
            MultiDataSet ds = TrainingExamples.batch(batch);
            n.preProcessor(kind).preProcess(ds);
            INDArray[] direct = n.inputs(windows, kind.inputs());
            assertEquals(direct.length, ds.getFeatures().length, kind.id());
            for (int i = 0; i < direct.length; i++) {
                assertTrue(direct[i].equalsWithEps(ds.getFeatures(i), 1e-5), kind.id() + " input " + i);
            }
            // fitted on exactly these windows: each channel (log-mel) or descriptor is centred and scaled up to float
            // rounding (measured |mean| 7e-7 at most, |std - 1| 1e-7), a constant descriptor only centred (std 0)
            INDArray x = ds.getFeatures(0);
            for (int c = 0; c < x.size(1); c++) {
                double[] v = x.get(NDArrayIndex.all(), NDArrayIndex.point(c)).ravel().toDoubleVector();
                double mean = java.util.Arrays.stream(v).average().orElseThrow();
                double std = Math.sqrt(java.util.Arrays.stream(v).map(e -> (e - mean) * (e - mean)).average().orElseThrow());
                assertEquals(0, mean, 2e-6, kind.id() + " channel " + c + " centred");
                if (kind.usesLogMel() || std > 0.5) assertEquals(1, std, 1e-6, kind.id() + " channel " + c + " scaled");
                else assertEquals(0, std, 1e-6, kind.id() + " descriptor " + c + " constant");
            }
        }
    }

    @Test
    void roundTripsThroughJson() throws IOException {
        FeatureNormalizer n = FeatureNormalizer.fit(List.of(constant(-10, -40, 1, 5), constant(-31, -42, 3.25f, 5)));
        assertEquals(n, FeatureNormalizer.fromJson(n.toJson()));
        assertThrows(IOException.class, () -> FeatureNormalizer.fromJson("{\"log_mel_mean\": [1, 2]}"));
    }

    @Test
    void aNonFiniteFeatureIsAnErrorNotASilentNaN() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FeatureNormalizer.fit(List.of(constant(-10, -40, Float.NaN, 5))));
        assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    }
}

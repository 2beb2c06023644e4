package mixer.training.models;

import mixer.dataset.features.FeatureConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training-step time of the AST at batch 32 on full-size input (2 x 64 bands x 128 frames), for the
 * default size and a few others. Not part of the normal test run:
 * {@code nice -n 10 ./mvnw -o -q -B -pl training -am test -Dtest=AstRegressorBenchmark -Dmixer.bench=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "mixer.bench", matches = "true")
class AstRegressorBenchmark {

    private static final int BATCH = 32, WARM_UP = 3, TIMED = 20;

    @Test
    void iterationTimeAtBatch32() {
        InputShape full = new InputShape(64, 128, FeatureConfig.DEFAULT.descriptorCount());
        AstRegressor.Config d = AstRegressor.Config.DEFAULT;
        AstRegressor.Config[] sizes = {
                d,
                new AstRegressor.Config(8, 16, d.embedding(), d.heads(), d.blocks(), d.mlpHidden(), d.headHidden(), d.headDropout(), d.weightDecay()),
                new AstRegressor.Config(16, 16, 96, 4, 4, 192, 128, d.headDropout(), d.weightDecay()),
        };
        Nd4j.getRandom().setSeed(1);
        INDArray mel = Nd4j.randn(BATCH, 2, full.bands(), full.frames()), desc = Nd4j.randn(BATCH, full.descriptors());
        MultiDataSet batch = new MultiDataSet(new INDArray[] {mel, desc}, new INDArray[] {Nd4j.rand(BATCH, 10)});
        System.out.printf("AST, batch %d, input 2 x %d x %d, %d threads (OMP_NUM_THREADS=%s)%n", BATCH, full.bands(),
                full.frames(), Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"));
        for (AstRegressor.Config c : sizes) {
            ComputationGraph net = new AstRegressor(c).build(full, 1e-3, 1);
            for (int i = 0; i < WARM_UP; i++) net.fit(batch);
            double[] fit = new double[TIMED], infer = new double[TIMED];
            for (int i = 0; i < TIMED; i++) {
                long t0 = System.nanoTime();
                net.fit(batch);
                fit[i] = (System.nanoTime() - t0) / 1e9;
            }
            for (int i = 0; i < TIMED; i++) {
                long t0 = System.nanoTime();
                net.output(mel, desc);
                infer[i] = (System.nanoTime() - t0) / 1e9;
            }
            Arrays.sort(fit);
            Arrays.sort(infer);
            System.out.printf("%s: %d tokens, %,d parameters: train step median %.3f s (min %.3f, max %.3f), inference %.3f s%n",
                    c, AstRegressorTest.tokens(c, full), net.numParams(), fit[TIMED / 2], fit[0], fit[TIMED - 1], infer[TIMED / 2]);
            assertTrue(fit[TIMED / 2] > 0);
        }
    }
}

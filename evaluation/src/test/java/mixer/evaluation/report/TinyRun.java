package mixer.evaluation.report;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.analysis.MultiResolutionStft;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import mixer.evaluation.ensemble.EnsembleFitter;
import mixer.evaluation.metrics.Audibility;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.Floor;
import mixer.evaluation.metrics.Bootstrap;
import mixer.evaluation.metrics.MeanPredictor;
import mixer.training.EnsembleBundle;
import mixer.training.EpochRecord;
import mixer.training.WeightedEnsemble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tiny, seeded end-to-end run on synthetic data: two "models" that are the truth plus noise of
 * different sizes, an ensemble fitted on a validation set, the mean baseline, audio metrics on short
 * synthetic music, which stages are audible in it and the floor its spread gives, and made-up training histories.
 */
final class TinyRun {

    private TinyRun() {
    }

    static ReportData build(Path work) throws IOException {
        SplittableRandom rng = new SplittableRandom(2024);
        List<String> validationIds = new ArrayList<>();
        for (int t = 0; t < 4; t++) for (int k = 0; k < 4; k++) validationIds.add("val" + t + "#" + k);
        List<String> testIds = new ArrayList<>();
        for (int t = 0; t < 6; t++) testIds.add("test" + t + "#0");

        double[][] valTruth = uniform(rng, validationIds.size());
        double[][] testTruth = uniform(rng, testIds.size());
        double[] noiseA = {0.02, 0.02, 0.03, 0.03, 0.03, 0.04, 0.06, 0.06, 0.03, 0.02};
        double[] noiseB = {0.05, 0.04, 0.02, 0.02, 0.02, 0.05, 0.03, 0.03, 0.04, 0.05};
        List<Predictions> validation = List.of(
                Predictions.of("cnn", validationIds, noisy(rng, valTruth, noiseA), valTruth),
                Predictions.of("ast", validationIds, noisy(rng, valTruth, noiseB), valTruth));
        EnsembleFitter.Fit fit = EnsembleFitter.fit(validation);
        Path ensembleFile = work.resolve("models/ensemble.json");
        Files.createDirectories(ensembleFile.getParent());
        List<EnsembleBundle.Member> members = new ArrayList<>();
        for (String m : fit.ensemble().models()) {
            Path bundle = Files.writeString(work.resolve("models/" + m + ".zip"), "weights of " + m);
            members.add(EnsembleBundle.Member.of(m, bundle, ensembleFile));
        }
        EnsembleBundle bundle = fit.bundle(members, Map.of("seed", 2024));
        bundle.save(ensembleFile);

        Predictions cnn = Predictions.of("cnn", testIds, noisy(rng, testTruth, noiseA), testTruth);
        Predictions ast = Predictions.of("ast", testIds, noisy(rng, testTruth, noiseB), testTruth);
        Predictions ensemble = EnsembleFitter.apply(bundle.ensemble(), List.of(cnn, ast));
        Predictions mean = MeanPredictor.ofSampler().predict(cnn);

        // audio: each test "track" is a second of synthetic music, un-mixed with its true settings
        Map<String, AudioEvaluation.Pair> audio = new HashMap<>();
        for (int i = 0; i < testIds.size(); i++) {
            Audio original = SyntheticMusic.generate(1.0, 44_100, 100 + i);
            audio.put(testIds.get(i), new AudioEvaluation.Pair(Renderer.invert(original, MixSettings.ofNormalized(testTruth[i])), original));
        }
        Bootstrap bootstrap = new Bootstrap(500, 7);
        AudioEvaluation audioEval = AudioEvaluation.run(List.of(cnn, ast, ensemble, mean), audio::get,
                MultiResolutionStft.standard(), bootstrap, line -> { });

        ReportData.Builder b = ReportData.builder("Tiny run (synthetic)", bootstrap)
                .model(cnn).model(ast).model(ensemble).baseline(mean)
                .audio(audioEval).ensemble(bundle)
                .provenance("dataset_sha256", "0123abcd").provenance("seed", 2024);
        List<Floor.Measures> finished = new ArrayList<>();
        for (int i = 0; i < testIds.size(); i++) {
            Audio original = audio.get(testIds.get(i)).original();
            b.audible(testIds.get(i), Audibility.of(original, MixSettings.ofNormalized(testTruth[i])));
            finished.add(Floor.Measures.of(original));
        }
        b.floor(Floor.blind(finished));
        for (String m : List.of("cnn", "ast")) b.history(TrainingHistory.of(m, history(rng)));
        return b.build();
    }

    /** 12 epochs of a falling loss and validation MAE, as the trainer records them. */
    static List<EpochRecord> history(SplittableRandom rng) {
        List<EpochRecord> epochs = new ArrayList<>();
        for (int e = 1; e <= 12; e++) {
            double loss = 0.3 * Math.exp(-e / 4.0) + 0.01 + 0.005 * rng.nextDouble();
            double mae = 0.25 * Math.exp(-e / 3.0) + 0.03 + 0.004 * rng.nextDouble();
            double[] perSetting = new double[Param.COUNT];
            Arrays.fill(perSetting, mae);
            epochs.add(new EpochRecord(e, loss, mae, 40 + rng.nextDouble(), 1e-3, perSetting));
        }
        return epochs;
    }

    private static double[][] uniform(SplittableRandom rng, int n) {
        double[][] v = new double[n][Param.COUNT];
        for (double[] row : v) for (int j = 0; j < Param.COUNT; j++) row[j] = 0.05 + 0.9 * rng.nextDouble();
        return v;
    }

    private static double[][] noisy(SplittableRandom rng, double[][] truth, double[] sd) {
        double[][] out = new double[truth.length][Param.COUNT];
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < Param.COUNT; j++) out[i][j] = truth[i][j] + sd[j] * rng.nextGaussian();
        }
        return Predictions.clamp(out);
    }

}

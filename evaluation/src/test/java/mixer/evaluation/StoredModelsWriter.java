package mixer.evaluation;

import mixer.dataset.Task;
import mixer.dataset.TrainingExamples;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dataset.features.LogMelConfig;
import mixer.dataset.features.SongWindows;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.evaluation.ensemble.EnsembleFitter;
import mixer.training.Device;
import mixer.training.EnsembleBundle;
import mixer.training.EnsembleModel;
import mixer.training.FixedExamples;
import mixer.training.ModelBundle;
import mixer.training.TrainConfig;
import mixer.training.Trainer;
import mixer.training.TrainingData;
import mixer.training.models.Architecture;
import mixer.training.models.AstRegressor;
import mixer.training.models.BaselineCnn;
import mixer.training.models.EnhancedCnn;
import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the stored model files of {@code training/src/test/resources/bundles/<date>/} that {@code StoredBundleTest}
 * loads: tiny networks of every kind with layers of their own (the AST's transformer layers, the enhanced CNN's
 * channel-scale vertex), trained by {@link Trainer} as `mixer train` trains, for match same and blind restore, a match
 * ensemble fitted by {@link EnsembleFitter} as `mixer evaluate` fits it, a fixed input and what each predicted for it.
 * Run by hand, once per change of the files' format, never to regenerate a folder that is there (its files stand for
 * the models users have): {@code ./mvnw -o -q -pl evaluation test -Dtest=StoredModelsWriter
 * -Dsurefire.failIfNoSpecifiedTests=false -Dmixer.stored.out=DIR}. Not a test: its name is not one surefire runs.
 */
class StoredModelsWriter {

    /** About 0.75 s per window: 32 mel bands x 32 frames (the training tests' Tiny.FEATURES), feature version 3. */
    static final FeatureConfig FEATURES = new FeatureConfig(new LogMelConfig(1024, 0.02322, 32, 30, 18_000, -100), 32);

    @Test
    void write() throws IOException {
        String out = System.getProperty("mixer.stored.out");
        if (out == null) throw new IllegalStateException("say where: -Dmixer.stored.out=DIR (a folder that does not exist yet)");
        Path dir = Path.of(out);
        if (Files.exists(dir)) throw new IllegalStateException(dir + " exists: stored files are never written again");
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory("stored-models");

        ModelBundle ast = train(new AstRegressor(new AstRegressor.Config(8, 8, 16, 2, 1, 32, 32, 0.1, 0.01)), Task.MATCH_SAME,
                dir.resolve("ast-match-same.zip"), work);
        ModelBundle cnn = train(new BaselineCnn(4, 16), Task.MATCH_SAME, dir.resolve("baseline-cnn-match-same.zip"), work);
        ModelBundle enhanced = train(new EnhancedCnn(4, 16, 0.1), Task.RESTORE, dir.resolve("enhanced-cnn-restore.zip"), work);

        FixedExamples validation = validation(Task.MATCH_SAME);
        List<Predictions> members = new ArrayList<>();
        for (var m : List.of(Map.entry("ast", ast), Map.entry("baseline-cnn", cnn))) {
            List<String> ids = validation.rows().stream().map(FixedExamples.Row::id).toList();
            double[][] truth = validation.rows().stream().map(FixedExamples.Row::targets).toArray(double[][]::new);
            members.add(Predictions.of(m.getKey(), ids, Predictions.clamp(validation.predict(m.getValue())), truth));
        }
        Path ensembleFile = dir.resolve("ensemble-match-same.json");
        List<EnsembleBundle.Member> saved = List.of(EnsembleBundle.Member.of("ast", dir.resolve("ast-match-same.zip"), ensembleFile),
                EnsembleBundle.Member.of("baseline-cnn", dir.resolve("baseline-cnn-match-same.zip"), ensembleFile));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("dataset", "tiny synthetic (StoredModelsWriter)");
        extra.put("command", "StoredModelsWriter");
        EnsembleFitter.fit(members).bundle(saved, extra).save(ensembleFile);

        // the fixed inputs: windows of a track none of them trained on, a take and its mix for the match models
        Audio take = SyntheticMusic.generate(3, 44_100, 41);
        MixSettings p = MixSettings.ofNormalized(0.7, 0.6, 0.3, 0.8, 0.4, 0.55, 0.5, 0.4, 0.3, 0.6);
        List<Features> pairs = SongWindows.pairFeatures(take, Renderer.render(take, p, false), true, FEATURES, 3);
        List<Features> alone = SongWindows.features(Renderer.invert(take, p), FEATURES, 3);
        writeFeatures(dir.resolve("match-same-input.bin"), pairs);
        writeFeatures(dir.resolve("restore-input.bin"), alone);

        StringBuilder recorded = new StringBuilder();
        record(recorded, "ast-match-same", ast, pairs);
        record(recorded, "baseline-cnn-match-same", cnn, pairs);
        record(recorded, "enhanced-cnn-restore", enhanced, alone);
        line(recorded, "ensemble-match-same song", EnsembleModel.load(ensembleFile).predictNormalized(pairs));
        Files.writeString(dir.resolve("recorded-predictions.txt"), recorded.toString());
    }

    private static ModelBundle train(Architecture architecture, Task task, Path bundle, Path work) throws IOException {
        TrainConfig config = new TrainConfig(architecture.kind(), 2, 2, 4, 3e-3, 11, 50, false, Device.CPU, 8,
                work.resolve(task.id() + "-" + architecture.kind().id()), bundle, false);
        Map<String, Object> info = new LinkedHashMap<>(); // as TrainingData.load describes a dataset
        info.put("manifest", "tiny synthetic (StoredModelsWriter)");
        info.put("task", task.id());
        List<Audio> tracks = tracks(4, 2.5, 100);
        TrainingData data = new TrainingData(TrainingExamples.of(tracks, task, FEATURES, 5), validation(task), info);
        new Trainer(config, architecture).train(data, new Trainer.Listener() { });
        return ModelBundle.load(bundle);
    }

    /** Validation rows of four tracks, two rows each, two windows a row (the second another crop of the same settings). */
    private static FixedExamples validation(Task task) {
        List<FixedExamples.Row> rows = new ArrayList<>();
        List<Audio> tracks = tracks(4, 2.5, 900);
        for (int t = 0; t < tracks.size(); t++) {
            TrainingExamples one = TrainingExamples.of(List.of(tracks.get(t)), task, FEATURES, 77 + t);
            for (int r = 0; r < 2; r++) {
                TrainingExamples.Labelled a = one.draw(r, 0, 0), b = one.draw(r, 0, 1);
                rows.add(new FixedExamples.Row("synthetic/track" + t + "#" + r, List.of(a.features(), b.features()), a.targets()));
            }
        }
        return new FixedExamples(rows);
    }

    private static List<Audio> tracks(int count, double seconds, long firstSeed) {
        List<Audio> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(SyntheticMusic.generate(seconds, 44_100, firstSeed + i));
        return out;
    }

    /** Windows as {@link Features#write} writes them, after a header: count, channels, bands, frames, descriptors. */
    private static void writeFeatures(Path file, List<Features> windows) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            Features f = windows.get(0);
            for (int v : new int[] {windows.size(), f.logMel().length, f.logMel()[0].length, f.logMel()[0][0].length, f.descriptors().length}) {
                out.writeInt(v);
            }
            for (Features w : windows) w.write(out);
        }
    }

    private static void record(StringBuilder out, String name, ModelBundle bundle, List<Features> input) {
        double[][] windows = bundle.predictWindows(input);
        for (int w = 0; w < windows.length; w++) line(out, name + " window" + w, windows[w]);
        line(out, name + " song", bundle.predictNormalized(input));
    }

    private static void line(StringBuilder out, String name, double[] values) {
        out.append(name);
        for (double v : values) out.append(' ').append(Double.toString(v));
        out.append('\n');
    }
}

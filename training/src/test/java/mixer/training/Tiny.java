package mixer.training;

import mixer.dataset.Task;
import mixer.dataset.TrainingExamples;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.LogMelConfig;
import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.training.models.Architecture;
import mixer.training.models.BaselineCnn;
import mixer.training.models.DescriptorMlp;
import mixer.training.models.EnhancedCnn;
import mixer.training.models.ModelKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tiny fixtures so that training tests run in seconds: 32 mel bands x 32 frames, a few short synthetic tracks, narrow networks. */
final class Tiny {

    /** About 0.75 s per window. */
    static final FeatureConfig FEATURES = new FeatureConfig(new LogMelConfig(1024, 0.02322, 32, 30, 18_000, -100), 32);

    private Tiny() {
    }

    /** A listener that stops a training after {@code epoch} (1-based) as a crash would: the checkpoint of it is written. */
    static Trainer.Listener crashAfter(int epoch) {
        return new Trainer.Listener() {
            @Override
            public void epochDone(EpochRecord record, boolean best) {
                if (record.epoch() == epoch) throw new IllegalStateException("simulated crash");
            }
        };
    }

    static List<Audio> tracks(int count, double seconds, long firstSeed) {
        List<Audio> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(SyntheticMusic.generate(seconds, 44_100, firstSeed + i));
        return out;
    }

    static TrainingExamples examples(int count, long seed) {
        return TrainingExamples.of(tracks(count, 2.5, 100), Task.RESTORE, FEATURES, seed);
    }

    /** Fixed validation rows: two windows of other tracks each, with their own targets. */
    static FixedExamples validation(int rows) {
        TrainingExamples v = TrainingExamples.of(tracks(rows, 2.5, 900), Task.RESTORE, FEATURES, 77);
        List<FixedExamples.Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            TrainingExamples.Labelled a = v.draw(0, i);
            TrainingExamples.Labelled b = TrainingExamples.of(List.of(tracks(rows, 2.5, 900).get(i)), Task.RESTORE, FEATURES, 77 + i)
                    .draw(0, 0);
            // a row's windows share its targets in a real dataset; here the second window is another crop of the same setting
            out.add(new FixedExamples.Row("val" + i, List.of(a.features(), b.features()), a.targets()));
        }
        return new FixedExamples(out);
    }

    static TrainingData data(int tracks, long seed) {
        return new TrainingData(examples(tracks, seed), validation(3), Map.of("what", "tiny synthetic"));
    }

    static Architecture architecture(ModelKind kind) {
        return switch (kind) {
            case BASELINE_CNN -> new BaselineCnn(4, 16);
            case ENHANCED_CNN -> new EnhancedCnn(4, 16, 0.1);
            case DESCRIPTOR_MLP -> new DescriptorMlp(32, 2);
            case AST -> throw new UnsupportedOperationException("no tiny AST here");
        };
    }

    static TrainConfig config(ModelKind kind, Path dir, int epochs) {
        return new TrainConfig(kind, epochs, 1, 4, 3e-3, 11, 50, false, Device.CPU, 8, dir.resolve("run"),
                dir.resolve("model.zip"), false);
    }
}

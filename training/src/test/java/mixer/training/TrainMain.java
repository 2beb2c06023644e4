package mixer.training;

import mixer.training.models.ModelKind;

import java.nio.file.Path;

/**
 * Run in a fresh JVM by {@link SameSeedSameModelTest}: trains the tiny baseline and enhanced CNNs for
 * two epochs of two examples per track as {@code mixer train} does (the CLI's CPU library first) and writes their bundles to
 * {@code <dir>/<model>/model.zip}. Prints the device line, so the test can check what ran.
 */
public final class TrainMain {

    public static void main(String[] args) throws Exception {
        CpuLibrary.choose(); // as the CLI's Main does, before ND4J loads
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        TrainingData data = Tiny.data(8, 21);
        for (ModelKind kind : new ModelKind[] {ModelKind.BASELINE_CNN, ModelKind.ENHANCED_CNN}) {
            TrainConfig tiny = Tiny.config(kind, dir.resolve(kind.id()), 2);
            TrainConfig config = tiny.toBuilder().seed(seed).examplesPerTrack(2).build(); // two fresh examples per track and epoch
            new Trainer(config, Tiny.architecture(kind)).train(data, new Trainer.Listener() { });
        }
        System.out.println("device " + Device.CPU.describe());
    }
}

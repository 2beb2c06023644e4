package mixer.training;

import mixer.dataset.TrainingExamples;
import mixer.dsp.provenance.Sha256;
import mixer.training.models.ModelKind;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a run is, for --resume: where its steps were taken belongs to it (a cluster's parameter averaging is other
 * arithmetic than a run in one process), and a finished run resumed again leaves its bundle as it is.
 */
class ResumeIdentityTest {

    @TempDir
    Path dir;

    static final ModelKind KIND = ModelKind.DESCRIPTOR_MLP;

    /** Steps "on a cluster" that a refused resume never takes. */
    static final Trainer.Steps ELSEWHERE = new Trainer.Steps() {
        @Override
        public double epoch(ComputationGraph net, TrainingExamples train, FeatureNormalizer normalizer, TrainConfig config, int epoch,
                            Trainer.Listener listener) {
            throw new AssertionError("a run resumed elsewhere must be refused before it steps");
        }

        @Override
        public String describe() {
            return "spark local[2], parameter averaging every 5 minibatches";
        }
    };

    /** A run of three epochs in {@code folder}, stopped after its first: its checkpoint is there to resume. */
    private TrainConfig interruptedAfterEpoch1(TrainingData data, String folder) {
        TrainConfig config = Tiny.config(KIND, dir.resolve(folder), 3);
        Trainer.Listener crashAfterEpoch1 = Tiny.crashAfter(1);
        assertThrows(IllegalStateException.class, () -> new Trainer(config, Tiny.architecture(KIND)).train(data, crashAfterEpoch1));
        return config;
    }

    @Test
    void aRunInThisProcessIsNotResumedOnACluster() throws IOException {
        TrainingData data = Tiny.data(4, 21);
        TrainConfig resume = interruptedAfterEpoch1(data, "a").toBuilder().resume(true).build();
        Trainer onCluster = new Trainer(resume, Tiny.architecture(KIND), ELSEWHERE);
        assertFalse(onCluster.canResume(data.train().config(), DatasetId.recordedIn(data.info())),
                "reproduce would resume it");
        IOException e = assertThrows(IOException.class, () -> onCluster.train(data, new Trainer.Listener() { }));
        assertTrue(e.getMessage().contains("steps this process -> spark local[2]") && e.getMessage().contains("without --resume"),
                e.getMessage());
        assertTrue(new Trainer(resume, Tiny.architecture(KIND)).canResume(data.train().config(),
                DatasetId.recordedIn(data.info())), "in this process it resumes");
    }

    /** The GPU's sums are other arithmetic than the CPU's: a run is resumed on the device its epochs so far ran on. */
    @Test
    void aRunOnTheCpuIsNotResumedOnTheGpu() throws IOException {
        TrainingData data = Tiny.data(4, 21);
        TrainConfig config = interruptedAfterEpoch1(data, "c");
        assertEquals("cpu", Checkpoint.read(config.runDir().resolve(Trainer.CHECKPOINT)).state().device());
        DatasetId sha = DatasetId.recordedIn(data.info());
        TrainConfig resume = config.toBuilder().resume(true).build();
        assertTrue(new Trainer(resume, Tiny.architecture(KIND)).canResume(data.train().config(), sha), "on the CPU it resumes");
        assertFalse(new Trainer(resume.toBuilder().device(Device.CUDA).build(), Tiny.architecture(KIND)).canResume(data.train().config(), sha),
                "reproduce with --device cuda would resume it");
    }

    @Test
    void aFinishedRunResumedAgainKeepsItsBundleAsItIs() throws IOException {
        TrainingData data = Tiny.data(4, 21);
        TrainConfig config = Tiny.config(KIND, dir.resolve("b"), 2);
        Trainer.Result first = new Trainer(config, Tiny.architecture(KIND)).train(data, new Trainer.Listener() { });
        String sha = Sha256.of(config.bundle());
        List<String> said = new ArrayList<>();
        Trainer.Result again = new Trainer(config.toBuilder().resume(true).build(), Tiny.architecture(KIND)).train(data,
                new Trainer.Listener() {
                    @Override
                    public void message(String line) {
                        said.add(line);
                    }
                });
        assertEquals(sha, Sha256.of(config.bundle()), "the same network, the same file: a saved ensemble still takes it");
        assertTrue(said.stream().anyMatch(l -> l.contains("had finished") && l.contains("is kept as it is")), said.toString());
        assertEquals(first.bestEpoch(), again.bestEpoch());
        assertEquals(first.bestValMae(), again.bestValMae());
        assertEquals(first.history().size(), again.history().size());
    }
}

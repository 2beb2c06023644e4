package mixer.training;

import mixer.dataset.ExampleStore;
import mixer.dsp.params.Param;
import mixer.training.models.ModelKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Training as a user relies on it: a tiny run writes its history, checkpoint and bundle; it is
 * repeatable for a seed; an interrupted run resumed from its checkpoint ends exactly where an
 * uninterrupted one does. The enhanced CNN is used because dropout and batch norm are what would
 * break repeatability.
 */
class TrainerTest {

    @TempDir
    static Path dir;

    static final ModelKind KIND = ModelKind.ENHANCED_CNN;
    static TrainingData data;
    static Trainer.Result uninterrupted;

    @BeforeAll
    static void trainOnce() throws IOException {
        data = Tiny.data(8, 21);
        long t0 = System.nanoTime();
        uninterrupted = new Trainer(Tiny.config(KIND, dir.resolve("a"), 3), Tiny.architecture(KIND)).train(data, new Trainer.Listener() { });
        System.out.printf("tiny run: 3 epochs of 8 tracks in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void aRunWritesHistoryCheckpointBestNetworkAndBundle() throws IOException {
        Path run = dir.resolve("a").resolve("run");
        assertTrue(Files.isRegularFile(run.resolve(Trainer.CHECKPOINT)));
        assertTrue(Files.isRegularFile(run.resolve(Trainer.BEST)));
        List<String> csv = Files.readAllLines(run.resolve(Trainer.HISTORY));
        assertEquals(4, csv.size(), "header + 3 epochs");
        assertTrue(csv.get(0).startsWith("epoch,train_loss,val_mae,seconds,learning_rate,val_mae_input_gain_db"), csv.get(0));

        List<EpochRecord> h = uninterrupted.history();
        assertEquals(3, h.size());
        double best = h.stream().mapToDouble(EpochRecord::valMae).min().orElseThrow();
        assertEquals(best, uninterrupted.bestValMae());
        assertEquals(best, h.get(uninterrupted.bestEpoch() - 1).valMae());
        assertTrue(h.get(0).learningRate() > h.get(2).learningRate(), "the cosine schedule lowers the step");
        // 3 epochs of 8 examples learn nothing yet (learning is OverfitTest's): measured 0.333, 0.335, 0.337 against the
        // training mean's 0.240 on the same rows, so the run is pinned at its measured MAE, which a seed repeats
        double meanMae = java.util.Arrays.stream(data.validation().maePerParam(ConstantPredictor.trainingMean(data.train(), 1))).average().orElseThrow();
        assertEquals(0.240, meanMae, 0.005);
        for (EpochRecord r : h) {
            assertEquals(0.335, r.valMae(), 0.01, r.toString());
            assertTrue(r.trainLoss() > 0, r.toString());
        }

        ModelBundle bundle = ModelBundle.load(dir.resolve("a").resolve("model.zip"));
        assertEquals(KIND, bundle.kind());
        assertEquals(Tiny.FEATURES, bundle.featureConfig());
        assertEquals(3, bundle.history().size());
        assertEquals(11L, ((Number) bundle.provenance().get("seed")).longValue());
        assertEquals(uninterrupted.bestEpoch(), ((Number) bundle.provenance().get("best_epoch")).intValue());
        for (String key : List.of("config", "dataset", "versions", "device", "processor", "wall_seconds", "provenance")) {
            assertTrue(bundle.provenance().containsKey(key), key);
        }
        // the bundle holds the best epoch's network: it scores the best validation MAE again
        double[] perParam = data.validation().maePerParam(bundle);
        assertEquals(uninterrupted.bestValMae(), java.util.Arrays.stream(perParam).average().orElseThrow(), 1e-9);
    }

    @Test
    void theSameSeedGivesTheSameValidationMae() throws IOException {
        Trainer.Result again = new Trainer(Tiny.config(KIND, dir.resolve("b"), 3), Tiny.architecture(KIND)).train(data, new Trainer.Listener() { });
        for (int e = 0; e < 3; e++) {
            assertEquals(uninterrupted.history().get(e).valMae(), again.history().get(e).valMae(), "epoch " + (e + 1));
            assertEquals(uninterrupted.history().get(e).trainLoss(), again.history().get(e).trainLoss(), "epoch " + (e + 1));
        }
    }

    @Test
    void resumingAfterAnInterruptionEndsExactlyLikeAnUninterruptedRun() throws IOException {
        TrainConfig config = Tiny.config(KIND, dir.resolve("c"), 3);
        Trainer.Listener crashAfterEpoch2 = Tiny.crashAfter(2);
        assertThrows(IllegalStateException.class, () -> new Trainer(config, Tiny.architecture(KIND)).train(data, crashAfterEpoch2));
        assertFalse(Files.exists(config.bundle()), "no bundle from an interrupted run");

        // a resumed run starts in a new JVM, whose global RNG (dropout masks) is somewhere else
        Nd4j.getRandom().setSeed(12345);
        Nd4j.rand(1000);
        Trainer.Result resumed = new Trainer(config.toBuilder().resume(true).build(), Tiny.architecture(KIND)).train(data, new Trainer.Listener() { });
        assertEquals(2, resumed.resumedAfterEpoch());
        assertEquals(3, resumed.history().size());
        for (int e = 0; e < 3; e++) {
            EpochRecord a = uninterrupted.history().get(e), b = resumed.history().get(e);
            assertEquals(a.valMae(), b.valMae(), "epoch " + (e + 1));
            assertEquals(a.trainLoss(), b.trainLoss(), "epoch " + (e + 1));
            assertArrayEquals(a.valMaePerParam(), b.valMaePerParam());
        }
        assertEquals(uninterrupted.bundle().network().params(), resumed.bundle().network().params(), "identical weights");
    }

    /**
     * A fresh start over an interrupted run, itself stopped before its first epoch ended (a helper's walk: the same command
     * run again, then Ctrl-C), deleted the earlier run's best network and history and kept its checkpoint: neither could
     * resume. The earlier run stays whole until the new one's first epoch replaces it.
     */
    @Test
    void aFreshStartStoppedBeforeItsFirstEpochLeavesTheEarlierRunResumable() throws IOException {
        TrainConfig config = Tiny.config(KIND, dir.resolve("fresh-over"), 3);
        assertThrows(IllegalStateException.class, () -> new Trainer(config, Tiny.architecture(KIND)).train(data, Tiny.crashAfter(2)));
        List<String> said = new java.util.ArrayList<>();
        Trainer.Listener stoppedAtOnce = new Trainer.Listener() {
            @Override
            public void message(String line) {
                said.add(line);
                if (line.startsWith("fitting the feature normaliser")) throw new IllegalStateException("interrupted");
            }
        };
        assertThrows(IllegalStateException.class, () -> new Trainer(config, Tiny.architecture(KIND)).train(data, stoppedAtOnce));
        assertTrue(said.stream().anyMatch(l -> l.contains("stays until this one's first epoch replaces it")), said.toString());
        Trainer.Result resumed = new Trainer(config.toBuilder().resume(true).build(), Tiny.architecture(KIND)).train(data, new Trainer.Listener() { });
        assertEquals(2, resumed.resumedAfterEpoch());
        assertEquals(uninterrupted.bundle().network().params(), resumed.bundle().network().params(), "identical weights");
    }

    /** Two trainings with one --bundle and two run folders: the last to end replaced the other's bundle without a word. */
    @Test
    void aBundleAnotherTrainingWroteMeanwhileIsNotReplaced() throws IOException {
        TrainConfig config = Tiny.config(KIND, dir.resolve("shared-bundle"), 1);
        Trainer.Listener otherEndsFirst = new Trainer.Listener() {
            @Override
            public void epochDone(EpochRecord record, boolean best) {
                try {
                    Files.writeString(config.bundle(), "the other training's bundle");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        IOException e = assertThrows(IOException.class, () -> new Trainer(config, Tiny.architecture(KIND)).train(data, otherEndsFirst));
        assertTrue(e.getMessage().contains("was written by another training while this one ran, so it is not replaced"), e.getMessage());
        assertEquals("the other training's bundle", Files.readString(config.bundle()));
        Files.delete(config.bundle()); // as the message says: the finished run writes its bundle again
        Trainer.Result again = new Trainer(config.toBuilder().resume(true).build(), Tiny.architecture(KIND)).train(data, new Trainer.Listener() { });
        assertTrue(Files.isRegularFile(again.bundleFile()));
    }

    @Test
    void examplesKeptOnDiskTrainTheSameModelAsExamplesMadeAfresh() throws IOException {
        ExampleStore store = ExampleStore.open(dir.resolve("examples"), data.train().config(),
                data.train().identity().toArray(String[]::new));
        TrainingData kept = new TrainingData(data.train().keptIn(store), data.validation(), data.info());
        for (String run : new String[] {"made-and-kept", "read-back"}) { // the first model of a run makes them, the next reads them
            Trainer.Result r = new Trainer(Tiny.config(KIND, dir.resolve(run), 3), Tiny.architecture(KIND)).train(kept, new Trainer.Listener() { });
            assertEquals(uninterrupted.bundle().network().params(), r.bundle().network().params(), run + ": identical weights");
            for (int e = 0; e < 3; e++) assertEquals(uninterrupted.history().get(e).trainLoss(), r.history().get(e).trainLoss(), run);
        }
        assertTrue(ExampleStore.size(dir.resolve("examples")) > 0);
    }

    @Test
    void resumeRefusesACheckpointMadeWithOtherSettings() throws IOException {
        TrainConfig config = Tiny.config(KIND, dir.resolve("a"), 3);
        TrainConfig otherLr = config.toBuilder().learningRate(1e-4).resume(true).build();
        IOException e = assertThrows(IOException.class, () -> new Trainer(otherLr, Tiny.architecture(KIND)).train(data, new Trainer.Listener() { }));
        assertTrue(e.getMessage().contains("learning_rate") && e.getMessage().contains("without --resume"), e.getMessage());
    }

    /** A second trainer on a run folder another holds would write its checkpoints into the first's. */
    @Test
    void aRunFolderIsTrainedByOneAtATime() throws IOException {
        TrainConfig config = Tiny.config(KIND, dir.resolve("locked"), 3);
        try (mixer.dsp.io.FolderLock held = mixer.dsp.io.FolderLock.take(config.runDir(), "training in another process")) {
            IOException e = assertThrows(IOException.class, () -> new Trainer(config, Tiny.architecture(KIND)).train(data, new Trainer.Listener() { }));
            assertTrue(e.getMessage().contains("another mixer is writing here (") && e.getMessage().contains("training in another process"),
                    e.getMessage());
        }
        assertFalse(Files.exists(config.runDir().resolve(Trainer.CHECKPOINT)), "nothing written");
    }

    /** A run resumed on a rebuilt dataset would end in a bundle that names data it was only partly trained on. */
    @Test
    void resumeRefusesACheckpointOfAnotherDataset() throws IOException {
        Trainer trainer = new Trainer(Tiny.config(KIND, dir.resolve("a"), 3).toBuilder().resume(true).build(), Tiny.architecture(KIND));
        mixer.dataset.features.FeatureConfig features = data.train().config();
        assertTrue(trainer.canResume(features, DatasetId.recordedIn(data.info())), "its own data");
        assertFalse(trainer.canResume(features, new DatasetId("0123456789abcdef0123", null)), "another dataset: reproduce starts afresh");
        TrainingData rebuilt = new TrainingData(data.train(), data.validation(), Map.of("manifest_sha256", "0123456789abcdef0123"));
        IOException e = assertThrows(IOException.class, () -> trainer.train(rebuilt, new Trainer.Listener() { }));
        assertTrue(e.getMessage().contains("dataset (manifest SHA-256) (not recorded) -> 0123456789ab") && e.getMessage().contains("without --resume"),
                e.getMessage());
    }

    /**
     * A track changed and the dataset rebuilt gives the same manifest bytes: the corpus's hash (provenance.json's, recorded
     * in the checkpoint) tells the data apart, so `mixer reproduce` starts afresh without reading any audio.
     */
    @Test
    void aCheckpointOfAnotherCorpusIsNotResumed() throws IOException {
        Map<String, Object> info = new java.util.LinkedHashMap<>(data.info());
        info.put(DatasetId.CORPUS_KEY, "aaaaaaaaaaaaaaaaaaaa");
        TrainingData before = new TrainingData(data.train(), data.validation(), info);
        TrainConfig config = Tiny.config(KIND, dir.resolve("corpus"), 3);
        assertThrows(IllegalStateException.class, () -> new Trainer(config, Tiny.architecture(KIND)).train(before, Tiny.crashAfter(1)));
        Trainer trainer = new Trainer(config.toBuilder().resume(true).build(), Tiny.architecture(KIND));
        mixer.dataset.features.FeatureConfig features = data.train().config();
        DatasetId then = DatasetId.recordedIn(info);
        assertTrue(trainer.canResume(features, then), "its own corpus");
        assertTrue(trainer.canResume(features, new DatasetId(then.manifestSha256(), null)), "a corpus not known now is not compared");
        assertFalse(trainer.canResume(features, new DatasetId(then.manifestSha256(), "bbbbbbbbbbbbbbbbbbbb")), "another corpus");
        info.put(DatasetId.CORPUS_KEY, "bbbbbbbbbbbbbbbbbbbb");
        TrainingData rebuilt = new TrainingData(data.train(), data.validation(), info);
        IOException e = assertThrows(IOException.class, () -> trainer.train(rebuilt, new Trainer.Listener() { }));
        assertTrue(e.getMessage().contains("corpus (SHA-256 of its tracks' audio) aaaaaaaaaaaa -> bbbbbbbbbbbb"), e.getMessage());
    }

    /** A bundle named as the run's checkpoint or best network replaced it: --resume then found no checkpoint to read. */
    @Test
    void theBundleMayNotReplaceAFileOfTheRun() throws IOException {
        TrainConfig config = Tiny.config(KIND, dir.resolve("own"), 1);
        for (String own : List.of(Trainer.CHECKPOINT, Trainer.BEST)) {
            Path bundle = config.runDir().resolve(own);
            Trainer trainer = new Trainer(config.toBuilder().files(config.runDir(), bundle).build(), Tiny.architecture(KIND));
            IOException e = assertThrows(IOException.class, () -> trainer.train(data, new Trainer.Listener() { }));
            assertTrue(e.getMessage().contains(bundle + " is the run folder's own " + own) && e.getMessage().contains("another name"),
                    e.getMessage());
            assertFalse(Files.exists(bundle), "nothing written");
        }
    }

    /**
     * The manifest names its training tracks, not their samples: a track changed between an interruption and --resume
     * (a corpus fetched again, a file edited) went on silently, and the model was of neither audio.
     */
    @Test
    void resumeRefusesACheckpointWhoseTrainingAudioChanged() throws IOException {
        TrainConfig config = Tiny.config(KIND, dir.resolve("audio"), 1);
        TrainingData before = new TrainingData(data.train(), data.validation(), Map.of(TrainingData.TRAIN_AUDIO_SHA256, "aaaa0000aaaa0000"));
        new Trainer(config, Tiny.architecture(KIND)).train(before, new Trainer.Listener() { });
        TrainingData after = new TrainingData(data.train(), data.validation(), Map.of(TrainingData.TRAIN_AUDIO_SHA256, "bbbb1111bbbb1111"));
        Trainer resumed = new Trainer(config.toBuilder().resume(true).build(), Tiny.architecture(KIND));
        IOException e = assertThrows(IOException.class, () -> resumed.train(after, new Trainer.Listener() { }));
        assertTrue(e.getMessage().contains("training audio (SHA-256) aaaa0000aaaa -> bbbb1111bbbb")
                && e.getMessage().contains("without --resume"), e.getMessage());
        assertEquals(1, resumed.train(before, new Trainer.Listener() { }).resumedAfterEpoch(), "the same audio resumes");
    }

    /**
     * A new best network waits in best.next.zip until the checkpoint naming it is written: a run stopped between the two
     * files resumes with the best network its checkpoint knows, whichever of the two holds it.
     */
    @Test
    void aRunStoppedBetweenItsBestNetworkAndItsCheckpointResumesWithTheRightBest() throws IOException {
        Path run = dir.resolve("a").resolve("run"), copy = dir.resolve("stopped").resolve("run");
        Files.createDirectories(copy);
        for (String f : List.of(Trainer.CHECKPOINT, Trainer.BEST, Trainer.HISTORY)) Files.copy(run.resolve(f), copy.resolve(f));
        byte[] bestBytes = Files.readAllBytes(run.resolve(Trainer.BEST));
        mixer.dataset.features.FeatureConfig features = data.train().config();
        DatasetId sha = DatasetId.recordedIn(data.info());
        Trainer trainer = new Trainer(Tiny.config(KIND, dir.resolve("stopped"), 3).toBuilder().resume(true).build(), Tiny.architecture(KIND));
        assertFalse(Files.exists(copy.resolve(Trainer.BEST_NEXT)), "a finished run leaves no best waiting");

        // stopped after a new best was written, before its checkpoint: that best is of an epoch the run takes again
        Files.write(copy.resolve(Trainer.BEST_NEXT), new byte[] {1, 2, 3});
        assertTrue(trainer.canResume(features, sha));
        // stopped after the checkpoint, before the move: the checkpoint's best waits in best.next.zip
        Files.move(copy.resolve(Trainer.BEST), copy.resolve(Trainer.BEST_NEXT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(copy.resolve(Trainer.BEST), new byte[] {4, 5, 6});
        assertTrue(trainer.canResume(features, sha));
        Trainer.Result resumed = trainer.train(data, new Trainer.Listener() { });
        assertEquals(uninterrupted.bestValMae(), resumed.bestValMae());
        assertArrayEquals(bestBytes, Files.readAllBytes(copy.resolve(Trainer.BEST)), "the checkpoint's best, moved into place");
        assertFalse(Files.exists(copy.resolve(Trainer.BEST_NEXT)));

        // neither file holds the checkpoint's best: the run cannot resume, and says so
        Files.write(copy.resolve(Trainer.BEST), new byte[] {7});
        assertFalse(trainer.canResume(features, sha));
        IOException e = assertThrows(IOException.class, () -> trainer.train(data, new Trainer.Listener() { }));
        assertTrue(e.getMessage().contains("is not the best network its checkpoint names") && e.getMessage().contains("without --resume"),
                e.getMessage());
    }

    @Test
    void resumingAFinishedRunOnlyRewritesItsBundle() throws IOException {
        TrainConfig config = Tiny.config(KIND, dir.resolve("a"), 3).toBuilder().resume(true).build();
        Trainer.Result again = new Trainer(config, Tiny.architecture(KIND)).train(data, new Trainer.Listener() { });
        assertEquals(3, again.resumedAfterEpoch());
        assertEquals(uninterrupted.bestValMae(), again.bestValMae());
        assertEquals(uninterrupted.history().size(), again.history().size());
    }

    @Test
    void theLearningRateFollowsACosineToATwentieth() {
        TrainConfig c = Tiny.config(KIND, dir, 11);
        assertEquals(3e-3, c.learningRate(0), 1e-15);
        assertEquals(3e-3 / 20, c.learningRate(10), 1e-15);
        assertEquals((3e-3 + 3e-3 / 20) / 2, c.learningRate(5), 1e-12);
        assertEquals(Param.COUNT + 5, EpochRecord.csvHeader().split(",").length);
    }
}

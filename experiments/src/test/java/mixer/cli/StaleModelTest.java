package mixer.cli;

import mixer.dataset.Task;
import mixer.dsp.provenance.Provenance;
import mixer.training.DatasetId;
import mixer.training.TrainConfig;
import mixer.training.models.Architectures;
import mixer.training.models.ModelKind;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** reproduce's verdict on a saved model: one that `mixer train --spark` wrote is not the one reproduce trains. */
class StaleModelTest {

    @Test
    void aBundleTrainedOnSparkIsNotUpToDate() {
        TrainConfig config = TrainConfig.defaults(Architectures.of(ModelKind.DESCRIPTOR_MLP), Task.RESTORE, true);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dataset", Map.of("manifest_sha256", "abc"));
        p.put("config", config.asMap());
        p.put("provenance", Map.of("git_commit", Provenance.currentGitCommit()));
        assertNull(ReproduceCommand.staleProvenance(config, new DatasetId("abc", null), p), "trained in one process: up to date");
        p.put("steps", "spark local[2], parameter averaging every 5 minibatches");
        String why = ReproduceCommand.staleProvenance(config, new DatasetId("abc", null), p);
        assertNotNull(why, "a Spark-trained bundle was taken as up to date");
        assertTrue(why.contains("spark local[2]"), why);
    }

    /** A track changed and the dataset rebuilt: the same manifest bytes, another corpus; its models are not up to date. */
    @Test
    void aBundleOfAnotherCorpusIsNotUpToDate() {
        TrainConfig config = TrainConfig.defaults(Architectures.of(ModelKind.DESCRIPTOR_MLP), Task.RESTORE, true);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dataset", Map.of("manifest_sha256", "abc", "corpus_sha256", "aaaaaaaaaaaaaaaa"));
        p.put("config", config.asMap());
        p.put("provenance", Map.of("git_commit", Provenance.currentGitCommit()));
        assertNull(ReproduceCommand.staleProvenance(config, new DatasetId("abc", "aaaaaaaaaaaaaaaa"), p));
        assertNull(ReproduceCommand.staleProvenance(config, new DatasetId("abc", null), p), "a user's own manifest: no corpus known");
        String why = ReproduceCommand.staleProvenance(config, new DatasetId("abc", "bbbbbbbbbbbbbbbb"), p);
        assertNotNull(why, "a model of the old audio was taken as up to date");
        assertTrue(why.contains("a track changed"), why);
    }
}

package mixer.cli;

import mixer.dataset.Task;
import mixer.dsp.provenance.Provenance;
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
        assertNull(ReproduceCommand.staleProvenance(config, "abc", p), "trained in one process: up to date");
        p.put("steps", "spark local[2], parameter averaging every 5 minibatches");
        String why = ReproduceCommand.staleProvenance(config, "abc", p);
        assertNotNull(why, "a Spark-trained bundle was taken as up to date");
        assertTrue(why.contains("spark local[2]"), why);
    }
}

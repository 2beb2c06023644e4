package mixer.training;

import mixer.dataset.Task;
import mixer.training.models.Architectures;
import mixer.training.models.ModelKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelsFolderTest {

    @Test
    void blindModelsInModelsAMatchTasksInItsOwnFolderQuickOnesBeside() {
        assertEquals(Path.of("models"), ModelsFolder.of(Task.RESTORE));
        assertEquals(Path.of(ModelsFolder.MATCH_OTHER), ModelsFolder.of(Task.MATCH_OTHER), "the constant is the task's folder");
        assertEquals(Path.of(ModelsFolder.MATCH_SAME), ModelsFolder.of(Task.MATCH_SAME), "the constant is the task's folder");
        assertEquals(Path.of("models/match-same"), ModelsFolder.of(Task.MATCH_SAME));
        assertEquals("ast-quick", ModelsFolder.named("ast", true));
        assertEquals("ast", ModelsFolder.named("ast", false));
        assertEquals(Path.of("models/ast-quick.zip"), TrainConfig.defaults(Architectures.of(ModelKind.AST), Task.RESTORE, true).bundle());
        assertEquals(Path.of("runs/baseline-cnn"), TrainConfig.defaults(Architectures.of(ModelKind.BASELINE_CNN), Task.RESTORE, false).runDir());
    }

    /**
     * `mixer train` on a match dataset wrote models/ast.zip, over the blind AST, where `mix --reference` and `estimate` do
     * not look: its models and runs go to the task's folders, as `mixer reproduce` puts them.
     */
    @Test
    void aMatchTasksTrainingGoesToItsOwnFolders() {
        TrainConfig same = TrainConfig.defaults(Architectures.of(ModelKind.AST), Task.MATCH_SAME, false);
        assertEquals(Path.of(ModelsFolder.MATCH_SAME, "ast.zip"), same.bundle());
        assertEquals(Path.of("runs/match-same/ast"), same.runDir());
        TrainConfig other = TrainConfig.defaults(Architectures.of(ModelKind.BASELINE_CNN), Task.MATCH_OTHER, true);
        assertEquals(Path.of(ModelsFolder.MATCH_OTHER, "baseline-cnn-quick.zip"), other.bundle());
        assertEquals(Path.of("runs/match-other/baseline-cnn-quick"), other.runDir());
        assertEquals(Path.of("runs"), ModelsFolder.runs(Task.RESTORE));
    }
}

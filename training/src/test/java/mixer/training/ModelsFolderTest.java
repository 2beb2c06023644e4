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
}

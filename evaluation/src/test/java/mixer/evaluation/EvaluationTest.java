package mixer.evaluation;

import mixer.dataset.Manifest;
import mixer.dsp.params.Param;
import mixer.dsp.provenance.Sha256;
import mixer.training.EnsembleBundle;
import mixer.training.WeightedEnsemble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {

    private static EnsembleBundle ensembleWith(Map<String, Object> provenance) {
        double[][] weights = new double[2][Param.COUNT];
        for (double[] w : weights) Arrays.fill(w, 0.5);
        return new EnsembleBundle("test", new WeightedEnsemble(List.of("a", "b"), weights),
                List.of(new EnsembleBundle.Member("a", "a.zip", "00"), new EnsembleBundle.Member("b", "b.zip", "00")),
                24, 12, Map.of(), provenance);
    }

    /** The "scored on the rows its weights were fitted on" warning must not depend on how the manifest is named. */
    @Test
    void anEnsembleIsKnownFittedOnItsManifestWhateverPathNamesIt(@TempDir Path dir) throws Exception {
        Path manifest = Files.writeString(dir.resolve("manifest.csv"), "a manifest\n");
        Path other = Files.writeString(dir.resolve("other.csv"), "another manifest\n");
        Files.createDirectories(dir.resolve("x"));
        EnsembleBundle hashed = ensembleWith(Map.of("dataset", "data/dataset/manifest.csv",
                "dataset_manifest_sha256", Sha256.of(manifest)));
        for (Path named : List.of(manifest, manifest.toAbsolutePath(), dir.resolve("./x/../manifest.csv"))) {
            assertTrue(Evaluation.fittedOn(hashed, new Manifest(named, List.of())), named.toString());
        }
        assertFalse(Evaluation.fittedOn(hashed, new Manifest(other, List.of())));

        // an ensemble saved before the hash was recorded: the path, made absolute
        EnsembleBundle pathOnly = ensembleWith(Map.of("dataset", manifest.toString()));
        assertTrue(Evaluation.fittedOn(pathOnly, new Manifest(dir.resolve("./manifest.csv"), List.of())));
        assertFalse(Evaluation.fittedOn(pathOnly, new Manifest(other, List.of())));
        assertFalse(Evaluation.fittedOn(ensembleWith(Map.of()), new Manifest(manifest, List.of())));
    }
}

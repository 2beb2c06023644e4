package mixer.training;

import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnsembleBundleTest {

    @Test
    void bundleRoundTripsAndNoticesAChangedMember(@TempDir Path dir) throws IOException {
        Path bundleA = Files.writeString(dir.resolve("a.zip"), "model a");
        Path bundleB = Files.writeString(Files.createDirectories(dir.resolve("models")).resolve("b.zip"), "model b");
        Path file = dir.resolve("ensemble.json");
        double[][] weights = new double[2][Param.COUNT];
        for (int j = 0; j < Param.COUNT; j++) {
            weights[0][j] = j / 9.0;
            weights[1][j] = 1 - j / 9.0;
        }
        WeightedEnsemble e = new WeightedEnsemble(List.of("a", "b"), weights);
        double[] maeA = new double[Param.COUNT];
        java.util.Arrays.fill(maeA, 0.04);
        EnsembleBundle saved = new EnsembleBundle(EnsembleBundle.OBJECTIVE, e, List.of(EnsembleBundle.Member.of("a", bundleA, file),
                EnsembleBundle.Member.of("b", bundleB, file)), 96, 12, Map.of("a", maeA), Map.of("seed", 7));
        saved.save(file);
        EnsembleBundle loaded = EnsembleBundle.load(file);
        assertEquals(List.of("a", "b"), loaded.ensemble().models());
        for (int m = 0; m < 2; m++) assertArrayEquals(weights[m], loaded.ensemble().weights()[m], 1e-15);
        assertEquals("models/b.zip", loaded.members().get(1).bundle());
        assertArrayEquals(maeA, loaded.validationMae().get("a"));
        assertEquals(7, loaded.provenance().get("seed"));
        loaded.verifyMembers(file);
        Files.writeString(bundleB, "model b, retrained");
        IOException changed = assertThrows(IOException.class, () -> loaded.verifyMembers(file));
        assertTrue(changed.getMessage().contains("changed since the ensemble was fitted"), changed.getMessage());
    }

    @Test
    void badWeightsAndBadFilesAreExplained(@TempDir Path dir) throws IOException {
        double[][] w = new double[2][Param.COUNT];
        for (double[] row : w) java.util.Arrays.fill(row, 0.6);
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class, () -> new WeightedEnsemble(List.of("a", "b"), w));
        assertTrue(sum.getMessage().contains("input_gain_db sum to 1.2"), sum.getMessage());
        Path notJson = Files.writeString(dir.resolve("ensemble.json"), "{ nope");
        IOException e = assertThrows(IOException.class, () -> EnsembleBundle.load(notJson));
        assertTrue(e.getMessage().startsWith(notJson.toString()), e.getMessage());
        Path bundle = Files.writeString(dir.resolve("a.zip"), "model a");
        Path edited = dir.resolve("edited.json");
        new EnsembleBundle(EnsembleBundle.OBJECTIVE, new WeightedEnsemble(List.of("a"), new double[][] {ones()}),
                List.of(EnsembleBundle.Member.of("a", bundle, edited)), 96, 12, Map.of(), Map.of()).save(edited);
        Files.writeString(edited, Files.readString(edited).replaceFirst("\"sha256\" : \"[0-9a-f]+\"", "\"sha256\" : \"abc\""));
        e = assertThrows(IOException.class, () -> EnsembleBundle.load(edited));
        assertTrue(e.getMessage().contains("member a's sha256 'abc' is not a SHA-256"), e.getMessage());
        Files.writeString(edited, "{\"weights\": NaN}");
        e = assertThrows(IOException.class, () -> EnsembleBundle.load(edited));
        assertTrue(e.getMessage().contains("NaN is not a number") && e.getMessage().contains("remove it and run `mixer evaluate`"),
                "advice that works (--refit-ensemble refuses an existing file): " + e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> EnsembleBundle.load(dir.resolve("absent.json")));
        assertTrue(missing.getMessage().contains("no ensemble file"), missing.getMessage());
    }

    @Test
    void anEnsembleOfOneModelIsRefusedNamingTheFileAndTheModel(@TempDir Path dir) throws IOException {
        Path bundle = Files.writeString(dir.resolve("baseline-cnn.zip"), "model");
        Path file = dir.resolve("ensemble.json"); // made by hand: the evaluation fits two members or more only
        new EnsembleBundle(EnsembleBundle.OBJECTIVE, new WeightedEnsemble(List.of("baseline-cnn"), new double[][] {ones()}),
                List.of(EnsembleBundle.Member.of("baseline-cnn", bundle, file)), 96, 12, Map.of(), Map.of()).save(file);
        IOException e = assertThrows(IOException.class, () -> EnsembleBundle.load(file));
        assertTrue(e.getMessage().startsWith(file + ": an ensemble needs at least two members"), e.getMessage());
        assertTrue(e.getMessage().contains("--model baseline-cnn"), e.getMessage());
    }

    /**
     * An ensemble fitted for a chain of other settings (a stage added since, or this one's file edited) was refused with
     * `missing "tilt_db"` alone (seen in a newcomer's walk of adding a stage); it says which settings, as a bundle does.
     */
    @Test
    void anEnsembleOfAnotherChainsSettingsSaysSo(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.zip"), "model a"), b = Files.writeString(dir.resolve("b.zip"), "model b");
        Path file = dir.resolve("ensemble.json");
        double[][] half = {new double[Param.COUNT], new double[Param.COUNT]};
        for (double[] row : half) java.util.Arrays.fill(row, 0.5);
        new EnsembleBundle(EnsembleBundle.OBJECTIVE, new WeightedEnsemble(List.of("a", "b"), half),
                List.of(EnsembleBundle.Member.of("a", a, file), EnsembleBundle.Member.of("b", b, file)), 96, 12, Map.of(), Map.of()).save(file);
        EnsembleBundle.load(file);
        Files.writeString(file, Files.readString(file).replace("\"air_db\"", "\"tilt_db\""));
        IOException e = assertThrows(IOException.class, () -> EnsembleBundle.load(file));
        assertTrue(e.getMessage().startsWith(file + ": the ensemble was fitted for the settings [input_gain_db, ") && e.getMessage().contains(
                "tilt_db") && e.getMessage().contains("but this mixer's chain has [input_gain_db, ") && e.getMessage().contains("fit it again"),
                e.getMessage());
    }

    private static double[] ones() {
        double[] w = new double[Param.COUNT];
        java.util.Arrays.fill(w, 1);
        return w;
    }
}

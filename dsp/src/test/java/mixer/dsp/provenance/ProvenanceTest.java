package mixer.dsp.provenance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The code's version: a commit, or a commit and a hash of exactly which uncommitted changes it ran with. */
class ProvenanceTest {

    @Test
    void uncommittedChangesAreNamedByWhatTheyAre(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q");
        Path source = Files.createDirectories(repo.resolve("dsp/src/main")).resolve("Stage.java");
        Files.writeString(source, "class Stage {}\n");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first");
        String head = git(repo, "rev-parse", "HEAD");
        Path inside = source.getParent();
        assertEquals(head, Provenance.commitOf(inside), "a clean checkout is its commit");

        Files.writeString(repo.resolve("notes.txt"), "a user's own file\n");
        Files.writeString(source.resolveSibling(".Stage.java.swp"), "an editor's swap file\n");
        Files.writeString(Files.createDirectories(repo.resolve("dsp/src/test")).resolve("StageTest.java"), "class StageTest {}\n");
        assertEquals(head, Provenance.commitOf(inside), "files outside the code (notes, tests, an editor's) leave it clean");

        Files.writeString(source, "class Stage { int a; }\n");
        String one = Provenance.commitOf(inside);
        assertTrue(one.matches(head + "\\+dirty\\.[0-9a-f]{12}"), one);
        assertEquals(one, Provenance.commitOf(inside), "the same changes, the same name");
        Files.writeString(source, "class Stage { int b; }\n");
        String other = Provenance.commitOf(inside);
        assertNotEquals(one, other, "other changes, another code");

        Files.writeString(source, "class Stage {}\n");
        assertEquals(head, Provenance.commitOf(inside), "changes undone: the commit again");
        Files.writeString(source.resolveSibling("NewStage.java"), "class NewStage {}\n");
        assertTrue(Provenance.commitOf(inside).startsWith(head + Provenance.DIRTY), "a new source file not yet added is a change");
    }

    @Test
    void outsideACheckoutTheVersionIsUnknown(@TempDir Path dir) {
        assertEquals("unknown", Provenance.commitOf(dir));
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}

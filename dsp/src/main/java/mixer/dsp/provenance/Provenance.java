package mixer.dsp.provenance;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a dataset, model or report came from: code version (git commit; "+dirty." and a hash of the changes when
 * the work tree had any), Java, OS and CPU, and the time. Callers add their own fields (seeds, config, hashes,
 * wall time) to {@link #asMap()}.
 */
public record Provenance(String gitCommit, String mixerVersion, String javaVersion, String os, int processors,
                         String createdUtc) {

    private static volatile String cachedCommit;

    public static Provenance now() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return new Provenance(currentGitCommit(), v == null ? "development" : v,
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), Instant.now().toString());
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("git_commit", gitCommit);
        m.put("mixer_version", mixerVersion);
        m.put("java", javaVersion);
        m.put("os", os);
        m.put("processors", processors);
        m.put("created_utc", createdUtc);
        return m;
    }

    /**
     * The commit of the checkout this code runs from, or "unknown" outside a git checkout. Uncommitted changes (of
     * tracked files, and new files under a module's src/ or a pom.xml) add "+dirty." and the first 12 hex digits of
     * their SHA-256: two different uncommitted trees are two codes, so a dataset, model or example store made by one is
     * not taken as up to date by the other.
     */
    public static String currentGitCommit() {
        if (cachedCommit == null) cachedCommit = lookUpCommit();
        return cachedCommit;
    }

    private static String lookUpCommit() {
        try {
            return commitOf(Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return "unknown"; // provenance must never stop a run
        }
    }

    /** {@link #currentGitCommit()} of the checkout that holds {@code here}. */
    static String commitOf(Path here) {
        try {
            for (Path d = here.toAbsolutePath(); d != null; d = d.getParent()) {
                if (Files.exists(d.resolve(".git"))) {
                    String head = run(d, "git", "rev-parse", "HEAD");
                    if (head == null) return "unknown";
                    String changes = uncommittedChanges(d);
                    return changes == null ? "unknown" : changes.isEmpty() ? head : head + DIRTY + Sha256.of(changes).substring(0, 12);
                }
            }
        } catch (RuntimeException e) {
            // fall through: provenance must never stop a run
        }
        return "unknown";
    }

    /** What marks uncommitted code: the commit, this, and a hash of the changes. */
    public static final String DIRTY = "+dirty.";

    /** The uncommitted changes of a checkout as one text (empty: none; null: git failed). */
    private static String uncommittedChanges(Path checkout) {
        String tracked = run(checkout, "git", "diff", "HEAD", "--binary");
        String untracked = run(checkout, "git", "ls-files", "--others", "--exclude-standard", "--", "*/src/*", "pom.xml", "*/pom.xml");
        if (tracked == null || untracked == null) return null;
        StringBuilder changes = new StringBuilder(tracked);
        for (String file : untracked.lines().sorted().toList()) {
            try {
                changes.append("\nnew file ").append(file).append('\n').append(Sha256.of(checkout.resolve(file)));
            } catch (IOException e) {
                return null;
            }
        }
        return changes.toString();
    }

    private static String run(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

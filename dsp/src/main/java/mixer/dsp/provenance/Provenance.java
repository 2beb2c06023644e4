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
 * Where a dataset, model or report came from: code version (git commit, "+dirty" when the work tree
 * had changes), Java, OS and CPU, and the time. Callers add their own fields (seeds, config, hashes,
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

    /** The commit of the checkout this code runs from, or "unknown" outside a git checkout. */
    public static String currentGitCommit() {
        if (cachedCommit == null) cachedCommit = lookUpCommit();
        return cachedCommit;
    }

    private static String lookUpCommit() {
        try {
            Path here = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = here; d != null; d = d.getParent()) {
                if (Files.exists(d.resolve(".git"))) {
                    String head = run(d, "git", "rev-parse", "HEAD");
                    String dirty = run(d, "git", "status", "--porcelain", "--untracked-files=no");
                    return head == null ? "unknown" : head + (dirty == null || dirty.isEmpty() ? "" : "+dirty");
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through: provenance must never stop a run
        }
        return "unknown";
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

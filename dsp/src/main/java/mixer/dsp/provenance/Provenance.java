package mixer.dsp.provenance;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** "mixer VERSION (COMMIT)": what a file mixer writes names as its software (a WAV's ISFT, a PNG's Software). */
    public String software() {
        return "mixer " + mixerVersion + " (" + gitCommit + ")";
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
     * The commit of the checkout this code runs from, or "unknown" outside a git checkout. Uncommitted changes to the
     * code ({@link #CODE}: main sources and resources, the poms, the build's settings, the launcher; new files there too,
     * less editors' hidden and backup files) add "+dirty." and the first 12 hex digits of their SHA-256: two different
     * uncommitted trees are two codes, so a dataset, model or example store made by one is not taken as up to date by
     * the other. Edits to tests, notes or notebooks change no result and leave the name alone.
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

    /** A commit or hash as shown to a reader: its first 12 hex digits; an uncommitted code's whole name (its end tells two apart). */
    public static String shortId(String id) {
        return id.length() > 12 && !id.contains("+") ? id.substring(0, 12) : id;
    }

    /** What marks uncommitted code: the commit, this, and a hash of the changes. */
    public static final String DIRTY = "+dirty.";

    /** What is code: the paths whose changes change what mixer computes (git pathspecs). */
    static final List<String> CODE = List.of("*/src/main/*", "pom.xml", "*/pom.xml", ".mvn/*", "mixer");

    /** The uncommitted changes of a checkout's code as one text (empty: none; null: git failed). */
    private static String uncommittedChanges(Path checkout) {
        List<String> diff = new ArrayList<>(List.of("git", "diff", "HEAD", "--binary", "--"));
        diff.addAll(CODE);
        List<String> others = new ArrayList<>(List.of("git", "ls-files", "-z", "--others", "--exclude-standard", "--"));
        others.addAll(CODE);
        String tracked = run(checkout, diff.toArray(String[]::new));
        String untracked = run(checkout, others.toArray(String[]::new));
        if (tracked == null || untracked == null) return null;
        StringBuilder changes = new StringBuilder(tracked);
        for (String file : Arrays.stream(untracked.split("\0")).filter(f -> !f.isBlank()).sorted().toList()) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            if (name.startsWith(".") || name.endsWith("~") || name.startsWith("#")) continue; // an editor's swap, lock or backup file
            changes.append("\nnew file ").append(file).append('\n');
            try {
                changes.append(Sha256.of(checkout.resolve(file)));
            } catch (IOException e) {
                changes.append("(unreadable)"); // gone or a dangling link: its name still counts
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

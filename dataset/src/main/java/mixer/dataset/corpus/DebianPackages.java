package mixer.dataset.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian packages through the system's own tools: {@code apt-get download} (no root needed once the
 * package lists exist) into a cache folder, and {@code dpkg-deb} to read and unpack them.
 */
public class DebianPackages {

    private final Path cacheDir;
    private final String aptGet;

    /** Downloads into {@code cacheDir}; {@code aptGet} is the apt-get command (a path, or the name on PATH). */
    public DebianPackages(Path cacheDir, String aptGet) {
        this.cacheDir = cacheDir;
        this.aptGet = aptGet;
    }

    public DebianPackages(Path cacheDir) {
        this(cacheDir, "apt-get");
    }

    /** The package's .deb, downloaded once and then taken from the cache. */
    public Path fetch(String packageName) throws IOException {
        Path cached = cached(packageName);
        if (cached != null) return cached;
        Files.createDirectories(cacheDir);
        run(cacheDir, "downloading " + packageName, aptGet, "download", packageName);
        cached = cached(packageName);
        if (cached == null) throw new IOException("apt-get download " + packageName + " left no .deb in " + cacheDir);
        return cached;
    }

    private Path cached(String packageName) throws IOException {
        if (!Files.isDirectory(cacheDir)) return null;
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(packageName + "_")
                    && f.getFileName().toString().endsWith(".deb")).sorted().reduce((a, b) -> b).orElse(null);
        }
    }

    /** The package version recorded in the .deb. */
    public String version(Path deb) throws IOException {
        return run(null, "reading " + deb, "dpkg-deb", "-f", deb.toString(), "Version").trim();
    }

    /** Unpacks the .deb's files under {@code dir}. */
    public void extract(Path deb, Path dir) throws IOException {
        Files.createDirectories(dir);
        run(null, "unpacking " + deb, "dpkg-deb", "-x", deb.toString(), dir.toString());
    }

    private String run(Path workDir, String what, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
        if (workDir != null) pb.directory(workDir.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(command[0] + " is not available on this machine (" + e.getMessage() + "): mixer corpus fetch "
                    + "downloads Debian packages with apt-get and unpacks them with dpkg-deb. Without them, build a dataset "
                    + "from your own finished tracks instead: mixer dataset build --from DIR");
        }
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(what + " failed (" + String.join(" ", command) + "): " + out.strip()
                        + (command[0].contains("apt") ? "\nIf the package lists are missing, run apt-get update (as root) first." : ""));
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException(what + " was interrupted");
        }
        return out;
    }
}

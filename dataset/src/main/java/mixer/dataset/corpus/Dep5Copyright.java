package mixer.dataset.corpus;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A Debian machine-readable copyright file (DEP-5): which licence and copyright cover which files.
 * Its patterns name paths in the upstream source, not where files are installed, so an installed file
 * matches a pattern when the pattern matches a tail of its path; the longest matching pattern wins.
 */
public final class Dep5Copyright {

    /** Who holds the copyright of a file and under which licence. */
    public record Credit(String copyright, String licence) {
    }

    private record Stanza(List<String> patterns, String copyright, String licence) {
    }

    private final List<Stanza> stanzas;

    private Dep5Copyright(List<Stanza> stanzas) {
        this.stanzas = stanzas;
    }

    /** Parses a copyright file; a file that is not DEP-5 gives no stanzas (every lookup is empty). */
    public static Dep5Copyright read(Path file) throws IOException {
        if (!Files.exists(file)) return new Dep5Copyright(List.of());
        List<Stanza> stanzas = new ArrayList<>();
        for (String paragraph : Files.readString(file).split("\\n\\s*\\n")) {
            String files = field(paragraph, "Files"), licence = field(paragraph, "License");
            if (files == null || licence == null || licence.isBlank()) continue;
            List<String> patterns = new ArrayList<>();
            for (String p : files.trim().split("\\s+")) if (!p.isBlank()) patterns.add(p.startsWith("./") ? p.substring(2) : p);
            String copyright = field(paragraph, "Copyright");
            stanzas.add(new Stanza(patterns, copyright == null ? "" : copyright.trim().replaceAll("\\s*\\n\\s*", "; "),
                    licence.lines().findFirst().orElse("").trim()));
        }
        return new Dep5Copyright(stanzas);
    }

    /** The credit of an installed file (path relative to the package root), or null when no stanza covers it. */
    public Credit creditOf(String installedPath) {
        Stanza best = null;
        int bestLength = -1;
        for (Stanza s : stanzas) {
            for (String pattern : s.patterns()) {
                if (pattern.length() > bestLength && matchesTail(pattern, installedPath)) {
                    best = s;
                    bestLength = pattern.length();
                }
            }
        }
        return best == null ? null : new Credit(best.copyright(), best.licence());
    }

    private static boolean matchesTail(String pattern, String path) {
        if (pattern.equals("*")) return true;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("*", "**"));
        String[] parts = path.split("/");
        for (int from = 0; from < parts.length; from++) {
            if (m.matches(Path.of(String.join("/", java.util.Arrays.copyOfRange(parts, from, parts.length))))) return true;
        }
        return false;
    }

    /** A field of a paragraph, its continuation lines included; null when absent. */
    private static String field(String paragraph, String name) {
        StringBuilder value = null;
        for (String line : paragraph.split("\\n")) {
            if (value != null) {
                if (line.startsWith(" ") || line.startsWith("\t")) {
                    value.append('\n').append(line.trim());
                    continue;
                }
                break;
            }
            if (line.startsWith(name + ":")) value = new StringBuilder(line.substring(name.length() + 1).trim());
        }
        return value == null ? null : value.toString();
    }
}

package mixer.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs the code cells of a Jupyter notebook written for a Java kernel (IJava / JJava) in order, in
 * JShell, the engine those kernels are built on. Snippets run in this JVM, so they see the test class
 * path (the project's modules and their libraries). The kernel's line magics are handled as the kernel
 * would: {@code %classpath} / {@code %jars} add what their globs match (a project jar not built yet is
 * fine: the test class path already holds its classes), {@code %maven} must name an artifact that is
 * already on the class path (nothing is fetched in a test). Any other magic, a rejected snippet or an
 * exception fails the run, naming the cell.
 */
final class NotebookRunner {

    /** A cell that failed: its number among code cells (from 1), its source and why. */
    static final class CellFailure extends Exception {
        CellFailure(Path notebook, int cell, String source, String why) {
            super(notebook.getFileName() + ", code cell " + cell + ": " + why + "\n--- cell source ---\n" + source);
        }
    }

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    /** What the cells printed. */
    String output() {
        return output.toString();
    }

    /** The sources of the notebook's code cells, in order. */
    static List<String> codeCells(Path notebook) throws IOException {
        JsonNode root = new ObjectMapper().readTree(notebook.toFile());
        if (!root.path("metadata").path("kernelspec").path("language").asText().equals("java")) {
            throw new IOException(notebook + ": metadata.kernelspec.language is not \"java\"; this runner only runs Java notebooks");
        }
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : root.path("cells")) {
            if (!cell.path("cell_type").asText().equals("code")) continue;
            JsonNode source = cell.path("source");
            StringBuilder text = new StringBuilder();
            if (source.isArray()) source.forEach(line -> text.append(line.asText()));
            else text.append(source.asText());
            cells.add(text.toString());
        }
        return cells;
    }

    /** Runs every code cell of the notebook in one JShell, in order; the first failure stops the run. */
    void run(Path notebook) throws IOException, CellFailure {
        Path dir = notebook.toAbsolutePath().getParent();
        List<String> cells = codeCells(notebook);
        // snippets run in this JVM and print to System.out: capture it, as the kernel shows a cell's output
        PrintStream saved = System.out;
        PrintStream out = new PrintStream(output, true);
        System.setOut(out);
        try (JShell shell = JShell.builder().executionEngine("local").out(out).err(out).build()) {
            shell.addToClasspath(System.getProperty("java.class.path"));
            for (int i = 0; i < cells.size(); i++) {
                String code = handleMagics(notebook, i + 1, cells.get(i), dir, shell);
                evalCell(notebook, i + 1, cells.get(i), code, shell);
            }
        } finally {
            System.setOut(saved);
        }
    }

    private String handleMagics(Path notebook, int cell, String source, Path dir, JShell shell) throws CellFailure, IOException {
        StringBuilder code = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("%%")) {
                throw new CellFailure(notebook, cell, source, "cell magic " + trimmed.split("\\s+")[0] + " is not supported here");
            }
            if (!trimmed.startsWith("%")) {
                code.append(line).append('\n');
                continue;
            }
            String[] words = trimmed.substring(1).split("\\s+");
            switch (words[0]) {
                case "classpath", "jars" -> {
                    for (int w = 1; w < words.length; w++) for (Path p : glob(dir, words[w])) shell.addToClasspath(p.toString());
                }
                case "maven", "addMavenDependency", "addMavenDependencies" -> {
                    for (int w = 1; w < words.length; w++) requireOnClassPath(notebook, cell, source, words[w]);
                }
                default -> throw new CellFailure(notebook, cell, source, "line magic %" + words[0] + " is not supported here");
            }
        }
        return code.toString();
    }

    /** The files a kernel's simple glob matches, relative to the notebook's folder; none when nothing is built yet. */
    private static List<Path> glob(Path dir, String pattern) throws IOException {
        Path p = dir.resolve(pattern).normalize();
        if (!pattern.contains("*")) return Files.exists(p) ? List.of(p) : List.of();
        Path parent = p.getParent();
        if (parent == null || !Files.isDirectory(parent)) return List.of();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
        try (Stream<Path> files = Files.list(parent)) {
            return files.filter(f -> matcher.matches(f.getFileName())).sorted().toList();
        }
    }

    private static void requireOnClassPath(Path notebook, int cell, String source, String coordinates) throws CellFailure {
        String[] gav = coordinates.split(":");
        if (gav.length < 3) throw new CellFailure(notebook, cell, source, "%maven expects group:artifact:version, not " + coordinates);
        String jar = gav[1] + "-" + gav[gav.length - 1];
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith(jar)) return;
        }
        throw new CellFailure(notebook, cell, source, "%maven " + coordinates + " is not on the project's class path; add it to the pom");
    }

    private static void evalCell(Path notebook, int cell, String source, String code, JShell shell) throws CellFailure {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                throw new CellFailure(notebook, cell, source, "incomplete code: " + remaining.strip());
            }
            for (SnippetEvent event : shell.eval(info.source())) {
                if (event.exception() != null) {
                    throw new CellFailure(notebook, cell, source, "threw " + describe(event.exception()));
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    StringBuilder why = new StringBuilder("does not compile:");
                    for (Diag d : shell.diagnostics(event.snippet()).toList()) why.append("\n  ").append(d.getMessage(Locale.ROOT));
                    throw new CellFailure(notebook, cell, source, why.toString());
                }
            }
            remaining = info.remaining();
        }
    }

    private static String describe(Throwable t) {
        // snippets' exceptions arrive wrapped; name the original class, as the kernel would
        String name = t instanceof jdk.jshell.EvalException e ? e.getExceptionClassName() : t.getClass().getName();
        StringBuilder s = new StringBuilder(name + ": " + t.getMessage());
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith("REPL.")) break;
            s.append("\n    at ").append(frame);
        }
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) s.append("\n  caused by ").append(c);
        return s.toString();
    }
}

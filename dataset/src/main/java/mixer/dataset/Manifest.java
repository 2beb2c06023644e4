package mixer.dataset;

import mixer.dsp.Audio;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.io.AudioFileException;
import mixer.dsp.io.AudioReader;
import mixer.dsp.params.Param;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The dataset's manifest: a CSV with one row per example, columns
 * {@code id, split, audio, source, <the 10 parameter names>, seed}, and {@code reference} where a match
 * task's rows name the mix heard beside their input (a manifest without that column has none). Paths are relative to the
 * manifest's folder. Targets are normalised; an empty target cell marks an on-the-fly training row
 * (all ten empty, or none). Every problem is reported with the file and line, and so is a row whose
 * audio cannot be read ({@link #readRowFile}).
 */
public final class Manifest {

    public static final List<String> COLUMNS;

    static {
        List<String> c = new ArrayList<>(List.of("id", "split", "audio", "source"));
        for (Param p : Param.all()) c.add(p.id);
        c.add("seed");
        COLUMNS = List.copyOf(c);
    }

    /** The optional column of a match task's reference audio, written after {@code audio} when a row has one. */
    public static final String REFERENCE = "reference";

    private final Path file;
    private final List<Example> examples;
    /** Example id -> the line its row starts on (1 is the header). */
    private final Map<String, Long> lines;
    /** Example id -> its row. */
    private final Map<String, Example> byId;

    /** A manifest of these rows; their lines are those {@link #write} gives them. */
    public Manifest(Path file, List<Example> examples) {
        this(file, examples, writtenLines(examples));
    }

    private Manifest(Path file, List<Example> examples, List<Long> lines) {
        this.file = file;
        this.examples = List.copyOf(examples);
        this.lines = new HashMap<>();
        this.byId = new HashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            byId.put(e.id(), e);
            Long first = this.lines.putIfAbsent(e.id(), lines.get(i));
            if (first != null) {
                throw new IllegalArgumentException(file + " line " + lines.get(i) + ": duplicate example id '" + e.id()
                        + "' (first on line " + first + ")");
            }
        }
    }

    /** Line numbers as written: the header is line 1, a row takes one line plus one per line break inside its cells. */
    private static List<Long> writtenLines(List<Example> examples) {
        List<Long> out = new ArrayList<>();
        long line = 2;
        for (Example e : examples) {
            out.add(line);
            line += 1 + (e.id() + e.audio() + e.source() + (e.hasReference() ? e.reference() : "")).chars().filter(c -> c == '\n').count();
        }
        return out;
    }

    public Path file() {
        return file;
    }

    public Path dir() {
        return file.toAbsolutePath().getParent();
    }

    public List<Example> examples() {
        return examples;
    }

    public List<Example> split(Split s) {
        return examples.stream().filter(e -> e.split() == s).toList();
    }

    /** The absolute path of a manifest-relative path. */
    public Path resolve(String relative) {
        return dir().resolve(relative).normalize();
    }

    /** The row with this id (predictions and reports name rows by id). */
    public Example example(String id) {
        Example e = byId.get(id);
        if (e == null) throw new IllegalArgumentException(file + ": no example '" + id + "'");
        return e;
    }

    /** The line a row starts on (the header is line 1). */
    public long line(Example row) {
        Long line = lines.get(row.id());
        if (line == null) throw new IllegalArgumentException(file + ": no example '" + row.id() + "'");
        return line;
    }

    /** Where a row is, for messages: {@code "data/dataset/manifest.csv line 7 (example 'song#0')"}. */
    public String where(Example row) {
        return file + " line " + line(row) + " (example '" + row.id() + "')";
    }

    /** Reads one file a row names. */
    @FunctionalInterface
    public interface RowFileReader<T> {
        T read(Path file) throws IOException;
    }

    /**
     * Reads the file in a row's {@code column} ("audio" or "source") with {@code reader}. Every place that
     * reads a row's audio goes through here, so a failure always names the manifest, the row's line, the
     * example id, the file and what is wrong with it.
     */
    public <T> T readRowFile(Example row, String column, RowFileReader<T> reader) throws IOException {
        String relative = switch (column) {
            case "audio" -> row.audio();
            case "source" -> row.source();
            case REFERENCE -> {
                if (!row.hasReference()) throw new IOException(where(row) + ": no reference audio; a match task's rows need one");
                yield row.reference();
            }
            default -> throw new IllegalArgumentException("column must be audio, reference or source, got '" + column + "'");
        };
        Path path = resolve(relative);
        String problem;
        if (!Files.exists(path)) {
            problem = "does not exist";
        } else {
            try {
                return reader.read(path);
            } catch (AudioFileException e) {
                problem = e.detail();
            } catch (IOException | UncheckedIOException e) {
                String m = String.valueOf(e.getMessage());
                problem = m.startsWith(path + ": ") ? m.substring(path.toString().length() + 2) : m;
            }
        }
        throw new IOException(where(row) + ": " + column + " file " + path + " (" + relative + "): " + problem
                + "; fix the row, or rebuild the dataset with `mixer dataset build`");
    }

    /** The audio in a row's {@code column} ("audio", "reference" or "source"); see {@link #readRowFile}. */
    public Audio readAudio(Example row, String column) throws IOException {
        return readRowFile(row, column, f -> AudioReader.read(f).audio());
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').build();

    /**
     * The manifests of the datasets named after {@code file}'s folder with a task ({@code data/dataset-match-same/manifest.csv}
     * beside a missing {@code data/dataset/manifest.csv}: where `mixer dataset build` puts another task's), sorted.
     */
    private static List<Path> otherTasksDatasets(Path file) {
        Path folder = file.getParent();
        if (folder == null || folder.getFileName() == null) return List.of();
        Path parent = folder.getParent();
        String prefix = folder.getFileName() + "-";
        List<Path> found = new ArrayList<>();
        try (java.util.stream.Stream<Path> entries = Files.list(parent == null ? Path.of("") : parent)) {
            entries.forEach(e -> {
                String name = e.getFileName().toString();
                Path manifest = (parent == null ? Path.of(name) : parent.resolve(name)).resolve(file.getFileName());
                if (name.startsWith(prefix) && Files.isRegularFile(manifest)) found.add(manifest);
            });
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // only a hint
        }
        found.sort(null);
        return found;
    }

    public static Manifest read(Path file) throws IOException {
        if (Files.isDirectory(file)) { // a dataset's folder, as `mixer dataset build --out` names it: its manifest is inside
            Path inside = file.resolve("manifest.csv");
            throw new IOException(file + ": a folder, not a manifest file; " + (Files.isRegularFile(inside)
                    ? "name the dataset's manifest, " + inside : "no manifest.csv in it; build one with `mixer dataset build --out " + file + "`"));
        }
        if (!Files.isRegularFile(file)) {
            List<Path> beside = otherTasksDatasets(file);
            throw new IOException(file + ": no manifest there; " + (beside.isEmpty() ? "" : "datasets of other tasks are beside it ("
                    + String.join(", ", beside.stream().map(Path::toString).toList()) + "): name one, or ")
                    + "build one with `mixer dataset build`");
        }
        if (mixer.dsp.io.AudioReader.hasAudioExtension(file)) { // it was read as a CSV without the columns
            throw new IOException(file + ": audio, not a manifest: name a dataset's manifest.csv (`mixer dataset build` makes "
                    + "one), or a CSV of your own rows with its columns, " + String.join(",", COLUMNS));
        }
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isRegularFile(dir.resolve(DatasetBuilder.STARTED)) && !Files.isRegularFile(dir.resolve(DatasetProvenance.FILE))) {
            // stopped between its manifest and its record, a build's dataset was taken as a user's (a restore dataset
            // silently, a match dataset refused with advice to write a provenance.json by hand)
            throw new IOException(file + ": the build of this dataset has not finished (no " + DatasetProvenance.FILE
                    + " beside it yet): run the same `mixer dataset build` again to finish it");
        }
        List<Example> out = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8, FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> header = null;
            int[] at = null;
            int referenceAt = -1;
            while (true) {
                // the parser has consumed the line breaks of every record so far: the next one starts on the line after
                long line = parser.getCurrentLineNumber() + 1;
                if (!records.hasNext()) break;
                CSVRecord r = records.next();
                if (header == null) {
                    // a spreadsheet's "CSV UTF-8" starts with a byte order mark, which would hide the first column's name
                    List<String> names = r.toList().stream().map(c -> c.replace("\uFEFF", "").trim()).toList();
                    List<String> missing = COLUMNS.stream().filter(c -> !names.contains(c)).toList();
                    if (!missing.isEmpty()) {
                        throw new IOException(file + ": the manifest lacks column(s) " + missing + "; expected " + COLUMNS
                                + " (a dataset built before a setting was added lacks its column: build it again with `mixer dataset build`)");
                    }
                    header = names;
                    at = COLUMNS.stream().mapToInt(names::indexOf).toArray();
                    referenceAt = names.indexOf(REFERENCE);
                    continue;
                }
                if (r.size() == 1 && r.get(0).isBlank()) continue;
                try {
                    if (r.size() != header.size()) {
                        throw new IllegalArgumentException("expected " + header.size() + " cells, found " + r.size());
                    }
                    out.add(parse(r.toList(), at, referenceAt));
                    lines.add(line);
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + " line " + line + ": " + e.getMessage(), e);
                }
            }
            if (header == null) throw new IOException(file + ": the manifest is empty (no header line)");
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new IOException(file + ": not a readable CSV file: " + e.getMessage(), e);
        }
        try {
            return new Manifest(file, out, lines);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Example parse(List<String> cells, int[] at, int referenceAt) {
        String id = cells.get(at[0]).trim();
        Split split = Split.of(cells.get(at[1]));
        String audio = cells.get(at[2]).trim();
        String source = cells.get(at[3]).trim();
        double[] t = new double[Param.COUNT];
        int blank = 0;
        for (Param p : Param.all()) {
            String cell = cells.get(at[4 + p.ordinal()]).trim();
            if (cell.isEmpty()) {
                blank++;
                continue;
            }
            try {
                t[p.ordinal()] = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("target " + p.id + " is not a number: '" + cell + "'");
            }
        }
        if (blank != 0 && blank != Param.COUNT) {
            throw new IllegalArgumentException(id + ": " + blank + " of the 10 targets are empty; give all or none");
        }
        String seedCell = cells.get(at[4 + Param.COUNT]).trim();
        long seed;
        try {
            seed = seedCell.isEmpty() ? 0 : Long.parseLong(seedCell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed is not an integer: '" + seedCell + "'");
        }
        if (audio.isEmpty()) throw new IllegalArgumentException(id + ": the audio path is empty");
        String reference = referenceAt < 0 ? null : cells.get(referenceAt).trim();
        return new Example(id, split, audio, reference, source.isEmpty() ? audio : source, blank == 0 ? t : null, seed);
    }

    /** Writes atomically. */
    public void write() throws IOException {
        StringBuilder sb = new StringBuilder();
        boolean references = examples.stream().anyMatch(Example::hasReference);
        try (CSVPrinter csv = new CSVPrinter(sb, FORMAT)) {
            List<String> header = new ArrayList<>(COLUMNS);
            if (references) header.add(3, REFERENCE);
            csv.printRecord(header);
            for (Example e : examples) {
                List<String> cells = new ArrayList<>(List.of(e.id(), e.split().id(), e.audio(), e.source()));
                if (references) cells.add(3, e.hasReference() ? e.reference() : "");
                for (Param p : Param.all()) {
                    cells.add(e.hasTargets() ? Double.toString(e.target(p).getAsDouble()) : "");
                }
                cells.add(Long.toString(e.seed()));
                csv.printRecord(cells);
            }
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}

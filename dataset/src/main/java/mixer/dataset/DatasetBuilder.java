package mixer.dataset;

import mixer.dsp.provenance.Sha256;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.FolderLock;
import mixer.dsp.provenance.Provenance;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Corpus -> Dataset: assigns the finished tracks of a folder to splits, renders the fixed validation and
 * test examples of the task (seeded per example), and writes the manifest and its provenance. Training
 * rows carry no targets: their examples are drawn afresh every epoch.
 */
public final class DatasetBuilder {

    /**
     * The record of the inputs a build started from, written first: an interrupted build with the same inputs resumes
     * from its renders, and a manifest beside it without the dataset's provenance is one whose build has not finished.
     */
    static final String STARTED = ".inputs";


    /** The seed of the data (the corpus's excerpts, the splits, the examples): {@code --seed} of corpus fetch and dataset build. */
    public static final long DEFAULT_SEED = 20_261_124L;
    /** Shorter tracks are skipped. */
    public static final double DEFAULT_MIN_SECONDS = 10.0;
    /** Seeded examples per test track. */
    public static final int DEFAULT_TEST_RENDERS = 1;
    /** Seeded examples per validation track: rows for early stopping and the ensemble's fit. */
    public static final int DEFAULT_VALIDATION_RENDERS = 8;

    /**
     * What a build needs; {@code examplesPerValidationTrack} > 1 gives the ensemble enough rows to fit.
     * {@code splits} null means the default proportions ({@link SplitAssigner}).
     */
    public record Options(Path corpusDir, Path outDir, Task task, long seed, double minSeconds,
                          int examplesPerTestTrack, int examplesPerValidationTrack, SplitFractions splits) {

        /** Options with the default split proportions. */
        public Options(Path corpusDir, Path outDir, Task task, long seed, double minSeconds,
                       int examplesPerTestTrack, int examplesPerValidationTrack) {
            this(corpusDir, outDir, task, seed, minSeconds, examplesPerTestTrack, examplesPerValidationTrack, null);
        }

        public static Options defaults(Path corpusDir, Path outDir) {
            return new Options(corpusDir, outDir, Task.RESTORE, DEFAULT_SEED, DEFAULT_MIN_SECONDS, DEFAULT_TEST_RENDERS,
                    DEFAULT_VALIDATION_RENDERS);
        }
    }

    /** A track left out, and why. */
    public record Skipped(Path file, String reason) {
    }

    public record Result(Manifest manifest, List<Skipped> skipped, Map<Split, Integer> tracks) {
    }

    private final Options options;
    private final Consumer<String> log;
    private final TrackJobs jobs;
    private final TrackWork work;

    /** A build that works on one track after another in this process. */
    public DatasetBuilder(Options options, Consumer<String> log) {
        this(options, log, TrackJobs.inProcess(log));
    }

    /** A build whose work on each track runs through {@code jobs} (a cluster, for one): the same dataset either way. */
    public DatasetBuilder(Options options, Consumer<String> log, TrackJobs jobs) {
        this.options = options;
        this.log = log;
        this.jobs = jobs;
        this.work = new TrackWork(options);
    }

    /** Builds the dataset, or finds it up to date; one build at a time in its folder ({@link FolderLock}). */
    public Result build() throws IOException {
        if (!Files.isDirectory(options.corpusDir())) { // before the output folder and its lock are made: nothing left behind
            throw new IOException(options.corpusDir() + (Files.exists(options.corpusDir()) ? " is a file, not a folder of tracks"
                    : ": no such folder") + "; --from names the folder of finished tracks (`mixer corpus fetch` makes data/corpus)");
        }
        Path owned = ownedFolderHolding(options.corpusDir());
        if (owned != null) {
            throw new IOException(options.corpusDir() + ": the tracks are inside " + owned + ", a folder the dataset in "
                    + options.outDir() + " renders into and a rebuild empties; give --out a folder that does not hold the tracks");
        }
        refuseForeignFiles(); // before the lock too: a refused folder is left as it was, without a lock file in it
        try (FolderLock lock = FolderLock.take(options.outDir(), "building a dataset from " + options.corpusDir())) {
            refuseForeignFiles();
            return buildInFolder();
        }
    }

    /**
     * The folders a build writes into: its split folders and its cache (features, and the training examples a training
     * keeps there). A rebuild deletes the split folders and the features ({@link #removeRenders}); tracks inside any of
     * them, or such folders that no build made, are refused.
     */
    private List<Path> ownedFolders() {
        List<Path> owned = new ArrayList<>();
        for (Split s : Split.values()) owned.add(options.outDir().resolve(s.id()));
        owned.add(options.outDir().resolve("cache"));
        return owned;
    }

    /** The folder of the build's own that holds {@code dir} (or is it), or null: tracks there would be deleted by a rebuild. */
    private Path ownedFolderHolding(Path dir) {
        Path tracks = dir.toAbsolutePath().normalize();
        for (Path f : ownedFolders()) if (tracks.startsWith(f.toAbsolutePath().normalize())) return f;
        return null;
    }

    /**
     * Refuses an output folder that holds a manifest, split folders or a cache that no mixer build made (no record of
     * one): a rebuild deletes those, and they were the user's own (a folder of their own pairs, say).
     */
    private void refuseForeignFiles() throws IOException {
        Path out = options.outDir();
        if (Files.isRegularFile(out.resolve(STARTED)) || DatasetProvenance.isDataset(out)) return;
        List<String> foreign = new ArrayList<>();
        if (Files.exists(out.resolve("manifest.csv"))) foreign.add("manifest.csv");
        for (Path f : ownedFolders()) if (Files.exists(f)) foreign.add(f.getFileName() + "/");
        if (!foreign.isEmpty()) {
            throw new IOException(out + ": holds " + String.join(", ", foreign) + ", which no mixer build made (it has no "
                    + DatasetProvenance.FILE + " of one) and a build would replace; give --out an empty or new folder");
        }
    }

    private Result buildInFolder() throws IOException {
        Search search = audioFiles(options.corpusDir(), options.outDir());
        if (!search.notSearched().isEmpty()) {
            log.accept("not searched for tracks (renders are not tracks): " + String.join(", ", search.notSearched()));
        }
        List<Path> files = search.files();
        if (files.isEmpty()) {
            throw new IOException(options.corpusDir() + ": no audio files ("
                    + String.join(", ", AudioReader.EXTENSIONS.stream().sorted().toList()) + ") in this folder");
        }
        // Ids must be unique before anything is read: "a.wav" and "a.flac" would be the same track.
        Map<String, Path> byId = new LinkedHashMap<>();
        for (Path f : files) {
            Path prior = byId.put(trackId(options.corpusDir(), f), f);
            if (prior != null) {
                throw new IOException("two files have the track id '" + trackId(options.corpusDir(), f) + "': " + prior
                        + " and " + f + "; rename one of them");
            }
        }
        // A render's file name is its track id with the characters a name cannot hold replaced: "a/b" and "a_b" would
        // share one (and the second track would keep the first one's render as its own).
        Map<String, Path> bySafeName = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : byId.entrySet()) {
            Path prior = bySafeName.put(TrackWork.safeName(e.getKey()), e.getValue());
            if (prior != null) {
                throw new IOException("the files " + prior + " and " + e.getValue() + " would share the renders named '"
                        + TrackWork.safeName(e.getKey()) + "-k.wav' (their paths differ only in characters a file name cannot "
                        + "hold); rename one of them");
            }
        }
        // An example's id is its track's and '#k': a track "x#1" beside a track "x" would share the id of x's second
        // example (the build failed at its end, after rendering everything, on a duplicate id in an unwritten manifest).
        for (Map.Entry<String, Path> e : byId.entrySet()) {
            String id = e.getKey();
            int hash = id.lastIndexOf('#');
            if (hash > 0 && id.substring(hash + 1).matches("[0-9]+") && byId.containsKey(id.substring(0, hash))) {
                throw new IOException("the track id '" + id + "' of " + e.getValue() + " is also the id of an example of the track "
                        + byId.get(id.substring(0, hash)) + " ('" + id.substring(0, hash) + "#k'); rename one of them");
            }
        }
        // What the dataset is made from: the tracks' bytes, the options and the code. The same inputs give the same
        // dataset, so a build whose inputs match the last finished one is up to date; renders of other inputs go.
        List<String> paths = byId.values().stream().map(TrackWork::absolute).toList();
        List<String> hashes = jobs.map("hashing the tracks", paths, TrackWork::hash);
        Map<String, String> trackHashes = new LinkedHashMap<>();
        int h = 0;
        for (String id : byId.keySet()) trackHashes.put(id, hashes.get(h++));
        String inputs = inputsHash(trackHashes);
        Path manifestFile = options.outDir().resolve("manifest.csv");
        DatasetProvenance recorded = lastBuild();
        // outside a git checkout (a copied jar, a downloaded source archive) the code has no version: renders in the folder
        // may be of other code, so none is kept (they were taken as up to date after an upgrade)
        boolean codeKnown = !Provenance.currentGitCommit().equals("unknown");
        if (!codeKnown && hasEarlierBuild()) {
            log.accept("the code's version is unknown (not a git checkout), so the build in " + options.outDir()
                    + " may be of other code: it is made afresh");
        }
        Manifest finished = codeKnown && recorded != null && inputs.equals(recorded.get("inputs_sha256").asText(null))
                && Files.isRegularFile(manifestFile) ? Manifest.read(manifestFile) : null;
        List<String> missing = finished == null ? List.of() : missingRenders(finished);
        if (!missing.isEmpty()) {
            log.accept("dataset " + options.outDir() + ": " + missing.size() + " rendered file(s) are missing (" + missing.get(0)
                    + (missing.size() > 1 ? ", …" : "") + "); making them again");
        }
        if (finished != null && missing.isEmpty()) {
            log.accept("dataset " + options.outDir() + " is up to date: built from the same tracks with the same options and code");
            Manifest manifest = finished;
            Map<Split, Integer> tracks = new LinkedHashMap<>();
            for (Split s : Split.values()) {
                tracks.put(s, (int) manifest.split(s).stream().map(e -> Example.trackOf(e.id())).distinct().count());
            }
            return new Result(manifest, skipped(recorded), tracks);
        }
        Path started = options.outDir().resolve(STARTED);
        boolean sameInputs = codeKnown && inputs.equals(Files.isRegularFile(started) ? Files.readString(started).trim() : null);
        if (hasEarlierBuild() && !sameInputs) {
            removeRenders(); // made from other tracks, options or code: none of them may be kept
        } else if (sameInputs && finished == null) {
            log.accept("dataset " + options.outDir() + ": resuming the interrupted build with the same inputs (the examples it rendered are kept)");
        }
        Files.createDirectories(options.outDir());
        AtomicFiles.writeString(started, inputs + "\n"); // an interrupted build with these inputs resumes from its renders

        List<Skipped> skipped = new ArrayList<>();
        Map<String, Path> usable = new LinkedHashMap<>();
        MessageDigest corpusHash = Sha256.digest();
        List<TrackWork.Checked> checks = jobs.map("checking the tracks", paths, work::check);
        Map<String, Path> byContent = new LinkedHashMap<>(); // a copy of a track could land in train and test: a leak
        int c = 0;
        for (Map.Entry<String, Path> e : byId.entrySet()) {
            TrackWork.Checked checked = checks.get(c++);
            checked.notes().forEach(note -> log.accept("note: " + e.getValue() + " " + note));
            Path same = checked.problem() != null ? null : byContent.putIfAbsent(trackHashes.get(e.getKey()), e.getValue());
            String problem = same != null ? "the same audio as " + same + " (a copy would be in two splits)" : checked.problem();
            if (problem != null) {
                skipped.add(new Skipped(e.getValue(), problem));
                log.accept("skipped " + e.getValue() + ": " + problem);
            } else {
                usable.put(e.getKey(), e.getValue());
                corpusHash.update((e.getKey() + "=" + trackHashes.get(e.getKey()) + "\n").getBytes());
            }
        }
        SplitFractions fractions = options.splits();
        int needed = fractions == null ? 3 : fractions.splitsUsed();
        if (usable.size() < needed) {
            throw new IOException(options.corpusDir() + ": only " + usable.size() + " usable track(s); this dataset needs at least "
                    + needed + " (one per split" + (fractions == null ? "" : " of " + fractions) + ")");
        }
        int[] counts = SplitAssigner.counts(usable.size(), fractions);
        if (fractions != null && fractions.splitsUsed() == 1) {
            Split only = java.util.Arrays.stream(Split.values()).filter(s -> fractions.of(s) > 0).findFirst().orElseThrow();
            log.accept("all " + usable.size() + " usable tracks in the " + only.id() + " split");
        } else if (fractions != null) {
            log.accept(String.format(Locale.ROOT, "splits %s of %d usable tracks: %d train / %d test / %d validation",
                    fractions, usable.size(), counts[0], counts[1], counts[2]));
        } else if (usable.size() != SplitAssigner.DEFAULT_TOTAL) {
            log.accept(String.format(Locale.ROOT, "warning: %d usable tracks, not %d: proportional splits %d train / %d test / %d validation",
                    usable.size(), SplitAssigner.DEFAULT_TOTAL, counts[0], counts[1], counts[2]));
        }
        Map<String, Split> splits = new SplitAssigner(options.seed(), fractions).assign(new ArrayList<>(usable.keySet()));

        List<TrackWork.Track> assigned = new ArrayList<>();
        splits.forEach((id, split) -> assigned.add(new TrackWork.Track(id, split, TrackWork.absolute(usable.get(id)))));
        List<Example> examples = new ArrayList<>();
        for (ArrayList<Example> rows : jobs.map("rendering the validation and test examples", assigned, work::examples)) {
            examples.addAll(rows);
        }
        log.accept("rendered " + examples.stream().filter(Example::hasTargets).count() + " validation and test examples");
        Manifest manifest = new Manifest(manifestFile, examples);
        manifest.write();
        writeProvenance(HexFormat.of().formatHex(corpusHash.digest()), inputs, splits, skipped);
        Map<Split, Integer> tracks = new LinkedHashMap<>();
        for (Split s : Split.values()) tracks.put(s, (int) splits.values().stream().filter(s::equals).count());
        return new Result(manifest, skipped, tracks);
    }

    /** The files a finished build rendered (its rows' audio and references in the dataset folder) that are gone. */
    private static List<String> missingRenders(Manifest manifest) {
        List<String> missing = new ArrayList<>();
        for (Example e : manifest.examples()) {
            if (!e.hasTargets()) continue; // a training row names its corpus track
            for (String f : e.hasReference() ? List.of(e.audio(), e.reference()) : List.of(e.audio())) {
                if (!f.equals(e.source()) && !Files.isRegularFile(manifest.resolve(f))) missing.add(f);
            }
        }
        return missing;
    }

    /** SHA-256 of everything a build depends on: every candidate track's bytes, the options and the code's commit. */
    private String inputsHash(Map<String, String> trackHashes) {
        MessageDigest d = Sha256.digest();
        String optionsText = String.join("/", options.task().id(), String.valueOf(options.seed()), String.valueOf(options.minSeconds()),
                String.valueOf(options.examplesPerTestTrack()), String.valueOf(options.examplesPerValidationTrack()),
                String.valueOf(options.splits()), Provenance.currentGitCommit());
        d.update((optionsText + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        trackHashes.forEach((id, sha) -> d.update((id + "=" + sha + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(d.digest());
    }

    /** The record of the last finished build in the output folder (empty where none), or null where it is unreadable. */
    private DatasetProvenance lastBuild() {
        try {
            return DatasetProvenance.of(options.outDir());
        } catch (IOException e) {
            return null; // unreadable: not up to date
        }
    }

    /** The tracks a finished build skipped, with their reasons, as it recorded them (an up-to-date build's report). */
    private static List<Skipped> skipped(DatasetProvenance recorded) {
        List<Skipped> out = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode s : recorded.get("skipped")) {
            out.add(new Skipped(Path.of(s.path("file").asText()), s.path("reason").asText()));
        }
        return out;
    }

    /** Whether the folder holds anything of an earlier build (not only the lock this build took). */
    private boolean hasEarlierBuild() {
        Path out = options.outDir();
        if (Files.isRegularFile(out.resolve(STARTED)) || Files.isRegularFile(out.resolve("manifest.csv"))
                || Files.isRegularFile(out.resolve(DatasetProvenance.FILE))) {
            return true;
        }
        for (Split s : Split.values()) if (Files.isDirectory(out.resolve(s.id()))) return true;
        return false;
    }

    /**
     * Deletes the rendered examples of an earlier build (its split folders), their cached features and its manifest. The
     * features go too: an entry is named by its audio's bytes and the feature configuration, not by the code that
     * computed it, so features computed by other code would be read as this code's.
     */
    private void removeRenders() throws IOException {
        for (Split s : Split.values()) deleteTree(options.outDir().resolve(s.id()));
        deleteTree(options.outDir().resolve(TrackWork.FEATURES));
        Files.deleteIfExists(options.outDir().resolve("manifest.csv"));
        Files.deleteIfExists(options.outDir().resolve(DatasetProvenance.FILE));
        log.accept("removed the renders of an earlier build in " + options.outDir() + ": it was made from other tracks, options or code");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    private void writeProvenance(String corpusHash, String inputs, Map<String, Split> splits, List<Skipped> skipped) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("what", DatasetProvenance.WHAT);
        p.put("task", options.task().id());
        p.put("seed", options.seed());
        p.put("corpus_dir", options.corpusDir().toAbsolutePath().normalize().toString());
        p.put("corpus_sha256", corpusHash);
        p.put("inputs_sha256", inputs);
        p.put("tracks", splits.size());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Split s : Split.values()) counts.put(s.id(), splits.values().stream().filter(s::equals).count());
        p.put("tracks_per_split", counts);
        if (options.splits() != null) {
            Map<String, Double> fractions = new LinkedHashMap<>();
            for (Split s : Split.values()) fractions.put(s.id(), options.splits().of(s));
            p.put("split_fractions", fractions);
        }
        p.put("examples_per_test_track", options.examplesPerTestTrack());
        p.put("examples_per_validation_track", options.examplesPerValidationTrack());
        p.put("min_seconds", options.minSeconds());
        p.put("width_min", SettingsSampler.MIN_WIDTH);
        p.put("skipped", skipped.stream().map(s -> {
            Map<String, String> entry = new LinkedHashMap<>(); // a fixed key order: the file is the same run after run
            entry.put("file", s.file().toAbsolutePath().normalize().toString()); // as corpus_dir: not relative to where it ran
            entry.put("reason", s.reason());
            return entry;
        }).toList());
        p.put("provenance", Provenance.now().asMap());
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(p);
        AtomicFiles.writeString(options.outDir().resolve(DatasetProvenance.FILE), json + "\n");
    }

    /** The audio files found, and the folders left out of the search, each with its reason. */
    record Search(List<Path> files, List<String> notSearched) {
    }

    /**
     * The audio files below {@code dir}, less those of the dataset's own output folder and of any folder
     * that is a mixer dataset: a dataset's renders are never tracks (a second build into a folder inside
     * the corpus took the first one's test renders in as training tracks).
     */
    static Search audioFiles(Path dir, Path outDir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a folder of audio files");
        Path root = dir.toAbsolutePath().normalize();
        Path out = outDir.toAbsolutePath().normalize();
        if (root.equals(out)) {
            throw new IOException(dir + ": the dataset would be written into the folder of tracks itself, and its renders "
                    + "taken for tracks by the next build; give --out a folder of its own (e.g. " + dir.resolve("dataset") + ")");
        }
        if (DatasetProvenance.isDataset(root)) {
            throw new IOException(dir + ": a mixer dataset (it has provenance.json), not a folder of tracks; its renders are "
                    + "not tracks: build from the corpus it was made from (" + root.resolve(DatasetProvenance.FILE) + " names it)");
        }
        List<Path> files = new ArrayList<>();
        List<String> notSearched = new ArrayList<>();
        // links are followed: a corpus of linked album folders (or --from a link) had no tracks
        Files.walkFileTree(dir, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Path abs = d.toAbsolutePath().normalize();
                if (abs.equals(root)) return FileVisitResult.CONTINUE;
                if (abs.equals(out)) {
                    notSearched.add(d + " (this build's output folder)");
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (DatasetProvenance.isDataset(abs)) {
                    notSearched.add(d + " (a mixer dataset)");
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (!(e instanceof java.nio.file.FileSystemLoopException)) throw e;
                notSearched.add(f + " (a link to a folder above it)");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (Files.isRegularFile(f) && AudioReader.hasAudioExtension(f)) files.add(f);
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        notSearched.sort(null);
        return new Search(List.copyOf(files), List.copyOf(notSearched));
    }

    /** The path below the corpus folder without its extension, with '/' separators. */
    static String trackId(Path corpusDir, Path file) {
        String rel = corpusDir.relativize(file).toString().replace('\\', '/');
        int dot = rel.lastIndexOf('.');
        return dot > rel.lastIndexOf('/') ? rel.substring(0, dot) : rel;
    }

}

package mixer.dataset.corpus;

import mixer.dsp.Audio;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.io.AudioFile;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.FolderLock;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.io.WavComment;
import mixer.dsp.provenance.Provenance;
import mixer.dsp.provenance.Sha256;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Builds a corpus of finished music from Debian soundtrack packages: every stereo track of at least
 * {@code minSeconds} in a package's music folders, de-duplicated by content, capped at {@code limit}
 * tracks chosen by a seeded hash of the track id (stable when packages are added), one excerpt per
 * track from a seeded offset past the intro, written as float WAV at the source rate, with CREDITS.csv
 * and corpus.json. Resumable and idempotent: unpacked packages, file checks and written excerpts are
 * kept (each excerpt says how it was made, and one made otherwise is made again), so a second run does no work.
 */
public final class CorpusBuilder {

    public static final String CREDITS = "CREDITS.csv";
    public static final String PROVENANCE = "corpus.json";
    static final List<String> CREDIT_COLUMNS = List.of("track", "title", "author", "licence", "package", "version",
            "source_file", "source_seconds", "excerpt_start_s", "excerpt_seconds", "sample_rate_hz");
    private static final Set<String> AUDIO = Set.of("ogg", "oga", "flac", "mp3", "wav", "opus");

    /**
     * @param dir             the corpus folder (excerpts under one folder per package, CREDITS.csv, corpus.json)
     * @param cacheDir        downloaded and unpacked packages and the file-check index
     * @param soundtracks     the packages to take music from
     * @param seed            seeds the cap and the excerpt offsets
     * @param limit           most tracks to keep (the dataset wants 262)
     * @param minSeconds      shorter tracks are skipped (jingles, stings, loops)
     * @param excerptSeconds  length of each excerpt
     */
    public record Options(Path dir, Path cacheDir, List<Soundtrack> soundtracks, long seed, int limit,
                          double minSeconds, double excerptSeconds) {
        /** Most tracks to keep: the dataset's size. */
        public static final int DEFAULT_LIMIT = 262;

        public static Options defaults(Path dir) {
            return new Options(dir, Path.of(System.getProperty("user.home"), ".cache", "mixer"), Soundtrack.DEFAULT,
                    mixer.dataset.DatasetBuilder.DEFAULT_SEED, DEFAULT_LIMIT, 60.0, 30.0);
        }
    }

    /** A track that made it into the corpus. */
    public record Track(String id, Soundtrack source, String version, Path file, String relativeFile, String sha256,
                        double seconds, int sampleRateHz, Dep5Copyright.Credit credit) {
    }

    /** What a build did. */
    public record Result(List<Track> tracks, int candidates, Map<String, Integer> skippedByReason, int excerptsWritten) {
    }

    private record Check(double seconds, int channels, int sampleRateHz, double peak, String problem) {
    }

    private final Options options;
    private final DebianPackages packages;
    private final Consumer<String> log;

    public CorpusBuilder(Options options, DebianPackages packages, Consumer<String> log) {
        this.options = options;
        this.packages = packages;
        this.log = log;
    }

    /** Builds the corpus, or finds it up to date; one build at a time in its folder ({@link FolderLock}). */
    public Result build() throws IOException {
        // the package cache too: corpora of two workspaces unpack and check into the same one
        try (FolderLock lock = FolderLock.take(options.dir(), "building the corpus");
             FolderLock cache = options.cacheDir().toAbsolutePath().normalize().equals(options.dir().toAbsolutePath().normalize())
                     ? null : FolderLock.take(options.cacheDir(), "building the corpus in " + options.dir())) {
            return buildInFolder();
        }
    }

    private Result buildInFolder() throws IOException {
        Map<String, Check> checks = readChecks();
        List<Track> eligible = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        Set<String> seenContent = new HashSet<>();
        Set<String> ids = new HashSet<>();
        int candidates = 0, p = 0;
        for (Soundtrack s : options.soundtracks()) {
            p++;
            Path deb = packages.fetch(s.packageName());
            String version = packages.version(deb);
            Path root = options.cacheDir().resolve("extract").resolve(s.packageName() + "_" + version.replace(':', '+'));
            if (!Files.exists(root.resolve(".unpacked"))) {
                packages.extract(deb, root);
                Files.writeString(root.resolve(".unpacked"), version);
            }
            Dep5Copyright copyright = Dep5Copyright.read(root.resolve("usr/share/doc/" + s.packageName() + "/copyright"));
            List<Path> music = musicFiles(root);
            int kept = 0;
            for (Path f : music) {
                candidates++;
                String sha = Sha256.of(f);
                Check c = checks.get(sha);
                if (c == null) {
                    c = check(f);
                    checks.put(sha, c);
                }
                String problem = c.problem() != null ? c.problem()
                        : c.channels() != 2 ? "mono"
                        : c.seconds() < options.minSeconds() ? "shorter than " + (int) options.minSeconds() + " s"
                        : c.peak() < 1e-4 ? "silent"
                        : !seenContent.add(sha) ? "duplicate of another track" : null;
                if (problem != null) {
                    skipped.merge(problem, 1, Integer::sum);
                    continue;
                }
                String rel = root.relativize(f).toString().replace('\\', '/');
                Dep5Copyright.Credit credit = copyright.creditOf(rel);
                if (credit == null) credit = new Dep5Copyright.Credit("the " + s.packageName() + " authors (see its copyright file)",
                        s.fallbackLicence());
                String id = trackId(s, rel);
                // "music/forest/x.ogg" and "music/forest-x.ogg" (or x.ogg and x.flac) share an id: the later one (in the
                // sorted order of the package's files) is told apart by its path, or both would write one excerpt
                if (!ids.add(id)) {
                    id = id + "-" + Sha256.of(rel).substring(0, 8);
                    ids.add(id);
                }
                eligible.add(new Track(id, s, version, f, rel, sha, c.seconds(), c.sampleRateHz(), credit));
                kept++;
            }
            log.accept(String.format(Locale.ROOT, "[%d/%d] %-22s %s: %d music files, %d usable tracks",
                    p, options.soundtracks().size(), s.packageName(), version, music.size(), kept));
            writeChecks(checks); // a crash later keeps what was decoded so far
        }
        List<Track> chosen = cap(eligible);
        if (chosen.size() < eligible.size()) {
            log.accept(eligible.size() + " usable tracks; keeping " + chosen.size() + " chosen by a seeded hash of the track id");
        }
        // from here the folder changes: its old record goes first, so an interrupted build is never taken for a finished one
        Files.deleteIfExists(options.dir().resolve(PROVENANCE));
        int written = writeExcerpts(chosen);
        removeStale(chosen);
        writeCredits(chosen);
        writeProvenance(chosen, candidates, skipped);
        return new Result(chosen, candidates, skipped, written);
    }

    /** The track id: package and file name, e.g. {@code wesnoth-1.16-music/battle} (made unique by folder when needed). */
    static String trackId(Soundtrack s, String relativePath) {
        String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        name = name.substring(0, name.lastIndexOf('.'));
        String folder = relativePath.substring(0, Math.max(0, relativePath.lastIndexOf('/')));
        String parent = folder.substring(folder.lastIndexOf('/') + 1);
        // a music folder's own name adds nothing; a sub-folder ("forest", "albums/aftermath") keeps names apart
        String prefix = parent.toLowerCase(Locale.ROOT).contains("music") ? "" : parent + "-";
        return s.packageName() + "/" + (prefix + name).replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    private List<Track> cap(List<Track> eligible) {
        List<Track> byRank = new ArrayList<>(eligible);
        byRank.sort(Comparator.comparing((Track t) -> Sha256.of(options.seed() + ":" + t.id()))
                .thenComparing(Track::id));
        List<Track> chosen = new ArrayList<>(byRank.subList(0, Math.min(options.limit(), byRank.size())));
        chosen.sort(Comparator.comparing(Track::id));
        return chosen;
    }

    /** Seeded excerpt start: uniform in [min(20 s, 15 % of the track), length - excerpt], past the intro. */
    double excerptStartSeconds(Track t) {
        double latest = t.seconds() - options.excerptSeconds();
        double earliest = Math.min(20.0, 0.15 * t.seconds());
        if (latest <= earliest) return Math.max(0, latest);
        SplittableRandom rng = new SplittableRandom(options.seed() ^ t.id().hashCode() * 0x9E3779B97F4A7C15L);
        return earliest + rng.nextDouble() * (latest - earliest);
    }

    private Path excerptFile(Track t) {
        return options.dir().resolve(t.id() + ".wav");
    }

    /** How every excerpt's recipe starts: what tells a fetched excerpt from a file of the user's own. */
    private static final String EXCERPT_RECIPE = "mixer corpus excerpt:";

    /**
     * How an excerpt is made, written as its WAV comment: the source file and its hash, the start and the length. An
     * excerpt on disk is kept only when it says it was made so; one of another seed, length or package version is made
     * again (it was kept by its name alone, while CREDITS.csv described the new one).
     */
    String recipe(Track t) {
        return String.format(Locale.ROOT, EXCERPT_RECIPE + " %s %s %s (sha256 %s) from %.6f s for %.3f s",
                t.source().packageName(), t.version(), t.relativeFile(), t.sha256(), excerptStartSeconds(t), options.excerptSeconds());
    }

    private int writeExcerpts(List<Track> chosen) throws IOException {
        int written = 0, done = 0;
        for (Track t : chosen) {
            done++;
            Path out = excerptFile(t);
            String recipe = recipe(t);
            if (!Files.exists(out) || !recipe.equals(WavComment.read(out).orElse(null))) {
                Audio audio = AudioReader.read(t.file()).audio();
                int rate = audio.sampleRateHz();
                int from = (int) Math.round(excerptStartSeconds(t) * rate);
                int to = Math.min(audio.frames(), from + (int) Math.round(options.excerptSeconds() * rate));
                Files.createDirectories(out.getParent());
                AudioWriter.writeWithoutSoftware(audio.slice(from, to), out, SampleFormat.FLOAT_32, recipe);
                written++;
            }
            if (done % 20 == 0 || done == chosen.size()) {
                log.accept(String.format(Locale.ROOT, "excerpts %d/%d (%d written now)", done, chosen.size(), written));
            }
        }
        return written;
    }

    /**
     * Excerpts of tracks no longer chosen would otherwise leak into the next dataset build: every WAV in the folders of
     * this run's packages, and the excerpts (by their recipe comment) of packages this run leaves out (a fetch with
     * fewer --packages kept them, with no line of CREDITS.csv, and `dataset build` took them in).
     */
    private void removeStale(List<Track> chosen) throws IOException {
        Set<Path> keep = new HashSet<>();
        for (Track t : chosen) keep.add(excerptFile(t).toAbsolutePath().normalize());
        Set<String> fetched = new HashSet<>();
        for (Soundtrack s : options.soundtracks()) fetched.add(s.packageName());
        List<Path> folders;
        try (Stream<Path> entries = Files.list(options.dir())) {
            folders = entries.filter(Files::isDirectory).sorted().toList();
        }
        for (Path folder : folders) {
            boolean ours = fetched.contains(folder.getFileName().toString());
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.sorted().toList()) {
                    if (!f.toString().endsWith(".wav") || keep.contains(f.toAbsolutePath().normalize())) continue;
                    if (ours || WavComment.read(f).orElse("").startsWith(EXCERPT_RECIPE)) {
                        log.accept("removing " + f + ": no longer in the corpus");
                        Files.delete(f);
                    }
                }
            }
        }
    }

    private void writeCredits(List<Track> chosen) throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.DEFAULT.builder().setHeader(CREDIT_COLUMNS.toArray(String[]::new)).build())) {
            for (Track t : chosen) {
                String title = t.relativeFile().substring(t.relativeFile().lastIndexOf('/') + 1);
                csv.printRecord(t.id(), title.substring(0, title.lastIndexOf('.')), t.credit().copyright(), t.credit().licence(),
                        t.source().packageName(), t.version(), t.relativeFile(), String.format(Locale.ROOT, "%.2f", t.seconds()),
                        String.format(Locale.ROOT, "%.3f", excerptStartSeconds(t)),
                        String.format(Locale.ROOT, "%.1f", options.excerptSeconds()), t.sampleRateHz());
            }
        }
        AtomicFiles.writeString(options.dir().resolve(CREDITS), text.toString());
    }

    private void writeProvenance(List<Track> chosen, int candidates, Map<String, Integer> skipped) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tracks", chosen.size());
        p.put("candidates", candidates);
        p.put("skipped", skipped);
        p.put("seed", options.seed());
        p.put("limit", options.limit());
        p.put("min_seconds", options.minSeconds());
        p.put("excerpt_seconds", options.excerptSeconds());
        Map<String, String> versions = new TreeMap<>();
        for (Track t : chosen) versions.put(t.source().packageName(), t.version());
        p.put("packages", versions);
        p.put("provenance", Provenance.now().asMap());
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(p);
        AtomicFiles.writeString(options.dir().resolve(PROVENANCE), json + "\n");
    }

    private static List<Path> musicFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        String name = f.getFileName().toString();
                        int dot = name.lastIndexOf('.');
                        return dot > 0 && AUDIO.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
                    })
                    .filter(f -> Soundtrack.inMusicFolder(root.relativize(f).toString().replace('\\', '/')))
                    .sorted().toList();
        }
    }

    private static Check check(Path f) {
        try {
            AudioFile a = AudioReader.read(f);
            return new Check(a.audio().durationSeconds(), a.sourceChannels(), a.sampleRateHz(), a.audio().samplePeak(), null);
        } catch (IOException | RuntimeException e) {
            return new Check(0, 0, 0, 0, "unreadable");
        }
    }

    private Path checksFile() {
        return options.cacheDir().resolve("corpus-checks.csv");
    }

    private Map<String, Check> readChecks() throws IOException {
        Map<String, Check> checks = new LinkedHashMap<>();
        if (!Files.exists(checksFile())) return checks;
        try (CSVParser csv = CSVParser.parse(checksFile(), StandardCharsets.UTF_8, CSVFormat.DEFAULT.builder().setHeader().build())) {
            for (CSVRecord r : csv) {
                String problem = r.get("problem");
                checks.put(r.get("sha256"), new Check(Double.parseDouble(r.get("seconds")), Integer.parseInt(r.get("channels")),
                        Integer.parseInt(r.get("sample_rate_hz")), Double.parseDouble(r.get("peak")), problem.isEmpty() ? null : problem));
            }
        }
        return checks;
    }

    private void writeChecks(Map<String, Check> checks) throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.DEFAULT.builder()
                .setHeader("sha256", "seconds", "channels", "sample_rate_hz", "peak", "problem").build())) {
            for (Map.Entry<String, Check> e : checks.entrySet()) {
                Check c = e.getValue();
                csv.printRecord(e.getKey(), c.seconds(), c.channels(), c.sampleRateHz(), c.peak(), c.problem() == null ? "" : c.problem());
            }
        }
        Files.createDirectories(options.cacheDir());
        AtomicFiles.writeString(checksFile(), text.toString());
    }
}

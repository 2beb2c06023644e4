package mixer.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One song to mix and where its mix goes. {@link #plan} turns the command line's songs and folders
 * into jobs before any work starts, so that name clashes are found up front, not after an hour.
 *
 * @param input  the song
 * @param output the WAV to write
 */
public record MixJob(Path input, Path output) {

    /** File names a folder search picks up (explicitly named files are tried whatever their name). */
    public static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "wave", "flac", "ogg", "oga", "opus", "mp3",
            "aif", "aiff", "m4a", "wv");

    /**
     * Jobs for songs and folders (searched recursively, in sorted order). With {@code singleOutput}
     * there must be exactly one song and it goes there; otherwise a song {@code a/b.flac} found under
     * folder {@code a} goes to {@code outDir/b.wav} (subfolders kept) and a named file {@code x.mp3}
     * to {@code outDir/x.wav}. The output folder itself is not searched.
     */
    public static List<MixJob> plan(List<Path> songs, Path outDir, Path singleOutput) throws IOException {
        List<MixJob> jobs = new ArrayList<>();
        Path outAbs = outDir.toAbsolutePath().normalize();
        for (Path s : songs) {
            if (Files.isDirectory(s)) {
                List<Path> found;
                try (Stream<Path> walk = Files.walk(s)) {
                    found = walk.filter(Files::isRegularFile)
                            .filter(f -> !f.toAbsolutePath().normalize().startsWith(outAbs))
                            .filter(f -> AUDIO_EXTENSIONS.contains(extension(f)))
                            .sorted().toList();
                }
                if (found.isEmpty()) {
                    throw new IllegalArgumentException(s + ": no audio files in this folder (looked for "
                            + AUDIO_EXTENSIONS.stream().sorted().toList() + ")");
                }
                for (Path f : found) jobs.add(new MixJob(f, outDir.resolve(wavName(s.relativize(f)))));
            } else {
                jobs.add(new MixJob(s, outDir.resolve(wavName(s.getFileName()))));
            }
        }
        if (singleOutput != null) {
            if (jobs.size() != 1) {
                throw new IllegalArgumentException("-o names one output file but there are " + jobs.size()
                        + " songs; use --out-dir DIR for several");
            }
            jobs = List.of(new MixJob(jobs.get(0).input(), singleOutput));
        }
        Map<Path, Path> seen = new HashMap<>();
        for (MixJob j : jobs) {
            Path out = j.output().toAbsolutePath().normalize();
            if (out.equals(j.input().toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(j.input() + ": the mix would overwrite the song; choose another output");
            }
            Path before = seen.putIfAbsent(out, j.input());
            if (before != null) {
                throw new IllegalArgumentException(before + " and " + j.input() + " would both be mixed to " + j.output()
                        + "; mix them into different folders");
            }
        }
        return jobs;
    }

    static String extension(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The same relative path with the extension replaced by .wav. */
    static Path wavName(Path relative) {
        String n = relative.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String wav = (dot > 0 ? n.substring(0, dot) : n) + ".wav";
        Path parent = relative.getParent();
        return parent == null ? Path.of(wav) : parent.resolve(wav);
    }
}

package mixer.inference;

import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One song to mix and where its mix goes. {@link #plan} turns the command line's songs and folders
 * into jobs before any work starts, so that name clashes are found up front, not after an hour.
 *
 * @param input  the song
 * @param output the WAV to write
 */
public record MixJob(Path input, Path output) {

    /** A plan that cannot work as asked (a usage error): the message says why and what to do. */
    public static final class PlanException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        PlanException(String message) {
            super(message);
        }
    }

    /** Refuses an --out-dir that is a file (a missing folder is made when the first mix is written). */
    public static void requireOutDir(Path outDir) {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new PlanException(outDir + " is a file: --out-dir names a folder (made if missing)");
        }
    }

    /**
     * Jobs for songs and folders (searched recursively, in sorted order). With {@code singleOutput}
     * there must be exactly one song and it goes there; otherwise a song {@code a/b.flac} found under
     * folder {@code a} goes to {@code outDir/b.wav} (subfolders kept) and a named file {@code x.mp3}
     * to {@code outDir/x.wav}. The output folder itself is not searched. No mix goes over a song or the
     * {@code reference} (null: none), whatever names them.
     */
    public static List<MixJob> plan(List<Path> songs, Path outDir, Path singleOutput, Path reference) throws IOException {
        if (singleOutput != null && Files.isDirectory(singleOutput)) {
            throw new PlanException(singleOutput + " is a folder: -o names the mix's file (OUT.wav); --out-dir names a folder");
        }
        if (singleOutput != null && !singleOutput.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wav")) {
            throw new PlanException(singleOutput + ": mixes are written as WAV: name the file OUT.wav");
        }
        if (singleOutput == null) requireOutDir(outDir);
        List<MixJob> jobs = new ArrayList<>();
        Path outAbs = outDir.toAbsolutePath().normalize();
        for (Path s : songs) {
            if (Files.isDirectory(s) && s.toAbsolutePath().normalize().startsWith(outAbs)) {
                throw new PlanException(s + ": the output folder " + outDir + (s.toAbsolutePath().normalize().equals(outAbs)
                        ? " is this folder" : " holds this folder") + ", so its mixes would be taken for songs next time; "
                        + "choose an --out-dir outside it (a folder inside it is fine: it is not searched)");
            }
            if (Files.isDirectory(s)) {
                List<Path> found = AudioReader.findIn(s).stream()
                        .filter(f -> !f.toAbsolutePath().normalize().startsWith(outAbs)).toList();
                if (found.isEmpty()) {
                    throw new IllegalArgumentException(s + ": no audio files in this folder (looked for "
                            + AudioReader.EXTENSIONS.stream().sorted().toList() + ")");
                }
                for (Path f : found) jobs.add(new MixJob(f, outDir.resolve(wavName(s.relativize(f)))));
            } else {
                jobs.add(new MixJob(s, outDir.resolve(wavName(s.getFileName()))));
            }
        }
        if (singleOutput != null) {
            if (jobs.size() != 1) {
                throw new PlanException("-o names one output file but there are " + jobs.size()
                        + " songs; use --out-dir DIR for several");
            }
            jobs = List.of(new MixJob(jobs.get(0).input(), singleOutput));
        }
        Map<Path, Path> seen = new HashMap<>();
        for (MixJob j : jobs) {
            Path out = j.output().toAbsolutePath().normalize();
            try {
                AudioWriter.refuseToOverwrite(j.output(), j.input(), reference);
            } catch (IllegalArgumentException e) {
                throw new PlanException(e.getMessage());
            }
            Path before = seen.putIfAbsent(out, j.input());
            if (before != null) {
                throw new PlanException(before + " and " + j.input() + " would both be mixed to " + j.output()
                        + "; mix them into different folders");
            }
        }
        return jobs;
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

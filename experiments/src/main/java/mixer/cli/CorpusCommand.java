package mixer.cli;

import mixer.dataset.corpus.CorpusBuilder;
import mixer.dataset.corpus.DebianPackages;
import mixer.dataset.corpus.Soundtrack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = "The default corpus: released, freely licensed game soundtracks from Debian packages.",
        subcommands = {CorpusCommand.Fetch.class})
final class CorpusCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Downloads the soundtrack packages with apt-get (cached), keeps every stereo track of at least "
                    + "60 s in their music folders (de-duplicated), caps the set at --limit tracks by a seeded hash of the "
                    + "track id, and writes one 30 s excerpt per track from a seeded offset past the intro (float WAV at the "
                    + "source rate), CREDITS.csv and corpus.json.",
                    "Resumable and idempotent: a second run reuses the downloads and excerpts. Without apt, use your own "
                    + "tracks: mixer dataset build --from DIR."})
    static final class Fetch implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", defaultValue = "data/corpus", paramLabel = "DIR", description = "Corpus folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--cache", paramLabel = "DIR", description = "Downloaded and unpacked packages (default: ~/.cache/mixer).")
        Path cache;

        @picocli.CommandLine.Mixin
        Options.DataSeed seed;

        @Option(names = "--limit", defaultValue = "" + CorpusBuilder.Options.DEFAULT_LIMIT, description = "Most tracks to keep (default: ${DEFAULT-VALUE}, the dataset's size).")
        int limit;

        @Option(names = "--packages", split = ",", paramLabel = "PKG",
                description = "Only these packages of the default list (default: all of them).")
        List<String> only;

        @Option(names = "--apt-get", defaultValue = "apt-get", hidden = true)
        String aptGet;

        @Override
        public Integer call() throws Exception {
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (limit < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit " + limit + ": keep at least one track");
            List<Soundtrack> soundtracks = new ArrayList<>();
            for (Soundtrack s : Soundtrack.DEFAULT) if (only == null || only.contains(s.packageName())) soundtracks.add(s);
            if (only != null) { // name the unknown ones (a package given twice was called unknown too)
                List<String> known = Soundtrack.DEFAULT.stream().map(Soundtrack::packageName).toList();
                List<String> unknown = only.stream().filter(p -> !known.contains(p)).distinct().toList();
                if (!unknown.isEmpty()) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--packages: " + String.join(", ", unknown)
                            + (unknown.size() == 1 ? " is not a package" : " are not packages") + " of the default list " + known);
                }
            }
            CorpusBuilder.Options d = CorpusBuilder.Options.defaults(dir);
            CorpusBuilder.Options o = new CorpusBuilder.Options(dir, cache != null ? cache : d.cacheDir(), soundtracks, seed.value, limit,
                    d.minSeconds(), d.excerptSeconds());
            CorpusBuilder.Result r = new CorpusBuilder(o, new DebianPackages(o.cacheDir().resolve("debs"), aptGet), out::println).build();
            Map<String, Integer> perPackage = new TreeMap<>();
            double minutes = 0;
            for (CorpusBuilder.Track t : r.tracks()) {
                perPackage.merge(t.source().packageName(), 1, Integer::sum);
                minutes += t.seconds() / 60;
            }
            Table table = new Table("package", "tracks");
            perPackage.forEach((p, n) -> table.row(p, String.valueOf(n)));
            out.print(table);
            out.printf(Locale.ROOT, "%d tracks (%.0f minutes of source music) from %d music files; skipped: %s%n",
                    r.tracks().size(), minutes, r.candidates(), r.skippedByReason());
            out.printf("corpus in %s (%s, %s); %d excerpts written in this run%n", dir, CorpusBuilder.CREDITS,
                    CorpusBuilder.PROVENANCE, r.excerptsWritten());
            if (r.tracks().size() < limit) {
                out.printf("warning: %d tracks, fewer than %d: the dataset gets proportional splits%n", r.tracks().size(), limit);
            }
            return 0;
        }
    }
}

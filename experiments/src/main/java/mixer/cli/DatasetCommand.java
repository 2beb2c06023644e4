package mixer.cli;

import mixer.dataset.CompressorShares;
import mixer.dataset.DatasetBuilder;
import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.SplitFractions;
import mixer.dataset.Task;
import mixer.dsp.params.Param;
import mixer.dsp.stages.FeedbackCompressor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Builds and inspects datasets (manifest + rendered validation/test examples).",
        subcommands = {DatasetCommand.Build.class, DatasetCommand.Show.class})
final class DatasetCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Turns a folder of finished tracks into a dataset: splits by a seeded hash of the track id "
                    + "(154 train / 96 test / 12 validation for 262 tracks, proportional otherwise; or --splits, or --split "
                    + "for one split), renders the fixed validation and test examples of the task, writes manifest.csv and "
                    + "provenance.json.",
                    "Bad files (unreadable, silent, too short, a copy of another track) are skipped with their reason; a track whose rate is too low for a shelf "
                    + "(the air at 24 kHz and below, the high shelf at 8 kHz) is used with that target neutral. The output folder "
                    + "and any other mixer dataset inside --from are not searched: renders are never tracks. "
                    + "Rendered examples are kept, so an interrupted build resumes (where the code has a version: a git checkout)."})
    static final class Build implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", defaultValue = "data/corpus", paramLabel = "DIR",
                description = "Folder of finished tracks, searched recursively (default: ${DEFAULT-VALUE}).")
        Path from;

        @Option(names = "--out", paramLabel = "DIR",
                description = "Output folder (default: data/dataset; another task's data/dataset-<task>, e.g. data/dataset-match-same, "
                        + "as `mixer reproduce` lays them out: a match dataset does not replace blind restore's).")
        Path out;

        /** The output folder: --out, else the task's ({@link mixer.training.ModelsFolder#dataset}). */
        Path out(Task task) {
            return out != null ? out : mixer.training.ModelsFolder.dataset(task);
        }

        @Option(names = "--task", defaultValue = "restore",
                description = "restore (blind): the model hears invert(track, p); match: it hears a raw crop and a reference mix "
                        + "made with p (see --reference); estimate: it hears render(track, p) (default: ${DEFAULT-VALUE}).")
        String task;

        @Option(names = "--reference", paramLabel = "same|other",
                description = "For --task match: same (the reference is the mix of the input itself: what settings made this "
                        + "mix) or other (the mix of another crop of the same track: mix this like that). Default: same.")
        String reference;

        @picocli.CommandLine.Mixin
        Options.DataSeed seed;

        @Option(names = "--min-seconds", defaultValue = "" + DatasetBuilder.DEFAULT_MIN_SECONDS, description = "Shorter tracks are skipped (default: ${DEFAULT-VALUE}).")
        double minSeconds;

        @Option(names = "--validation-renders", defaultValue = "" + DatasetBuilder.DEFAULT_VALIDATION_RENDERS,
                description = "Seeded examples per validation track, to give the ensemble fit enough rows (default: ${DEFAULT-VALUE}).")
        int validationRenders;

        @Option(names = "--test-renders", defaultValue = "" + DatasetBuilder.DEFAULT_TEST_RENDERS,
                description = "Seeded examples per test track (default: ${DEFAULT-VALUE}); the first is the same at any count, so "
                        + "more renders only add rows: a tighter test estimate for an evaluation of its own.")
        int testRenders;

        @Option(names = "--split", paramLabel = "SPLIT",
                description = "Put every track in this one split: test makes an evaluation-only dataset, which "
                        + "`mixer evaluate` scores with the saved models and their saved ensemble (also validation or train).")
        String onlySplit;

        @Option(names = "--splits", paramLabel = "TRAIN,TEST,VALIDATION",
                description = "Fractions of the tracks per split, e.g. 0.6,0.35,0.05 (default: the proportions 154 : 96 : 12; "
                        + "a split given a share above 0 gets at least one track).")
        String splitFractions;

        @picocli.CommandLine.Mixin
        Options.Spark spark;

        @Override
        public Integer call() throws Exception {
            Task task = task();
            DatasetBuilder.Options o = new DatasetBuilder.Options(from, out(task), task, seed.value, minSeconds, testRenders, validationRenders, splits());
            java.util.function.Consumer<String> log = spec.commandLine().getErr()::println;
            DatasetBuilder.Result r;
            try (mixer.training.Cluster cluster = spark.connect(log)) {
                r = (cluster == null ? new DatasetBuilder(o, log) : new DatasetBuilder(o, log, cluster.trackJobs(log))).build();
            }
            spec.commandLine().getOut().printf("%s: %d train / %d test / %d validation tracks, %d examples, %d skipped%n",
                    r.manifest().file(), r.tracks().get(Split.TRAIN), r.tracks().get(Split.TEST),
                    r.tracks().get(Split.VALIDATION), r.manifest().examples().size(), r.skipped().size());
            return 0;
        }

        private Task task() {
            Task t;
            try {
                t = Task.of(task);
            } catch (IllegalArgumentException e) {
                throw usage("--task " + task + ": " + e.getMessage());
            }
            if (reference == null) return t;
            if (!task.trim().equalsIgnoreCase("match")) {
                throw usage("--reference " + reference + ": only --task match takes a reference kind (match-same and match-other name theirs)");
            }
            try {
                return Task.match(reference);
            } catch (IllegalArgumentException e) {
                throw usage("--reference " + reference + ": " + e.getMessage());
            }
        }

        /** The split fractions asked for; null for the default proportions. Checks the other numbers too. */
        private SplitFractions splits() {
            if (validationRenders < 1) throw usage("--validation-renders " + validationRenders + ": give 1 or more");
            if (testRenders < 1) throw usage("--test-renders " + testRenders + ": give 1 or more");
            if (!(minSeconds >= 0)) throw usage("--min-seconds " + minSeconds + ": give 0 or more seconds");
            if (onlySplit != null && splitFractions != null) {
                throw usage("--split and --splits: give one of them (--split test is --splits 0,1,0)");
            }
            try {
                if (onlySplit != null) return SplitFractions.only(Split.of(onlySplit));
                if (splitFractions != null) return SplitFractions.parse(splitFractions);
                return null;
            } catch (IllegalArgumentException e) {
                throw usage((onlySplit != null ? "--split " + onlySplit : "--splits " + splitFractions) + ": " + e.getMessage());
            }
        }

        private picocli.CommandLine.ParameterException usage(String message) {
            return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Prints a manifest's counts, target statistics and a histogram of each target, and how many of "
                    + "its examples with targets the compressor is pinned at its gain-reduction cap in (more than half "
                    + "the samples) or idle in (reducing gain on under 1 %% of them): there the ratio cannot be heard.",
                    "The compressor is measured where the settings render the example (restore: the audio the model "
                    + "hears), so this reads every example's audio."})
    static final class Show implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--manifest", defaultValue = "data/dataset/manifest.csv", description = "Default: ${DEFAULT-VALUE}.")
        Path manifest;

        @Option(names = "--task",
                description = "The task the dataset was built for: restore, estimate, match-same or match-other (match alone is match-same; default: the "
                        + "one its provenance.json records, else restore).")
        String task;

        @Override
        public Integer call() throws Exception {
            Task given;
            try {
                given = task == null ? null : Task.of(task);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--task " + task + ": " + e.getMessage());
            }
            Manifest m = Manifest.read(manifest);
            java.util.Optional<Task> recorded = mixer.dataset.DatasetProvenance.of(m.dir()).recordedTask();
            if (given != null && recorded.isPresent() && given != recorded.get()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--task " + task + ": " + manifest + " was built for "
                        + recorded.get().id() + " (its provenance.json says so); leave --task out or give " + recorded.get().id());
            }
            Task t = given != null ? given : recorded.orElse(Task.RESTORE);
            List<Example> labelled = m.examples().stream().filter(Example::hasTargets).toList();
            CompressorShares c = null;
            if (!labelled.isEmpty()) { // first: a read that fails leaves no half report on stdout
                // this reads every example's audio: half a minute for a default match dataset, which passed without a word
                spec.commandLine().getErr().println("measuring the compressor in the " + labelled.size()
                        + " examples with targets (reading each one's audio)");
                spec.commandLine().getErr().flush();
                c = CompressorShares.of(m, t);
            }
            Table counts = new Table("split", "examples", "with_targets");
            for (Split s : Split.values()) {
                List<Example> rows = m.split(s);
                counts.row(s.id(), String.valueOf(rows.size()), String.valueOf(rows.stream().filter(Example::hasTargets).count()));
            }
            spec.commandLine().getOut().print(counts);
            if (c == null) return 0;
            spec.commandLine().getOut().println();
            Table stats = new Table("parameter", "mean", "std", "min", "max", "histogram 0 … 1 (10 bins)");
            for (Param p : Param.all()) {
                double[] v = labelled.stream().mapToDouble(e -> e.target(p).getAsDouble()).toArray();
                double mean = java.util.Arrays.stream(v).average().orElse(0);
                double var = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElse(0);
                int[] bins = new int[10];
                for (double x : v) bins[Math.min(9, (int) (x * 10))]++;
                int most = java.util.Arrays.stream(bins).max().orElse(1);
                StringBuilder h = new StringBuilder();
                for (int b : bins) h.append(" ▁▂▃▄▅▆▇█".charAt(most == 0 ? 0 : Math.round(8f * b / most)));
                stats.row(p.id, f(mean), f(Math.sqrt(var)), f(java.util.Arrays.stream(v).min().orElse(0)),
                        f(java.util.Arrays.stream(v).max().orElse(0)), h.toString());
            }
            spec.commandLine().getOut().print(stats);
            spec.commandLine().getOut().printf(Locale.ROOT, "%ncompressor in the %d examples with targets (%s): pinned at its %.0f dB cap "
                            + "in %.1f %%, idle in %.1f %%, heard in the other %.1f %%%n", c.examples(), t.id(),
                    FeedbackCompressor.MAX_GAIN_REDUCTION_DB, 100 * c.pinnedShare(), 100 * c.idleShare(),
                    100 * (1 - c.pinnedShare() - c.idleShare()));
            return 0;
        }

        private static String f(double v) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
    }
}

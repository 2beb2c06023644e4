package mixer.cli;

import mixer.inference.Predictors;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/** The options several commands share, each declared once (picocli mixins). */
final class Options {

    private Options() {
    }

    /** The names {@code --model} takes (the ensemble and every model), from their one list, for help: ${COMPLETION-CANDIDATES}. */
    public static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Predictors.knownNames().iterator();
        }
    }

    /** The models `mixer train` trains and `mixer evaluate` scores: every {@link mixer.training.models.ModelKind}. */
    public static final class TrainedModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(mixer.training.models.ModelKind.values()).map(mixer.training.models.ModelKind::id).iterator();
        }
    }

    /** {@code --seed} of the commands that draw at random (training, evaluation, benchmarks). */
    static final class Seed {
        @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
                description = "Seed of everything this command draws at random (default: ${DEFAULT-VALUE}); the same seed gives the same result.")
        long value;
    }

    /** {@code --seed} of the data: the corpus's choice of tracks and excerpts, the dataset's splits and examples. */
    static final class DataSeed {
        @Option(names = "--seed", defaultValue = "" + mixer.dataset.DatasetBuilder.DEFAULT_SEED, paramLabel = "N",
                description = "Seed of the data: which tracks, which excerpts, which splits and examples (default: ${DEFAULT-VALUE}).")
        long value;
    }

    /** {@code --spark MASTER}: the command's heavy work on an Apache Spark cluster (module scale). */
    static final class Spark {
        @Option(names = "--spark", paramLabel = "MASTER",
                description = "Run on Apache Spark (Java 17): local[N] (N cores of this machine) or a standalone cluster, spark://HOST:7077. Every "
                        + "machine must see the data at the same paths. ./mixer builds the Spark module (scale/) for it.")
        String master;

        @Spec(Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec command;

        /**
         * The cluster asked for, or null to work in this process. A master this build cannot use (yarn, k8s://...) is bad
         * usage, said before Spark starts: Spark printed a page of its trace first.
         */
        mixer.training.Cluster connect(java.util.function.Consumer<String> log) throws java.io.IOException {
            if (master == null) return null;
            if (!master.matches("local(\\[([1-9]\\d*|\\*)(,\\d+)?])?|spark://.+")) { // local[0]: Spark's page of trace
                throw new CommandLine.ParameterException(command.commandLine(), "--spark " + master + ": a master is local[N] (N cores, 1 or more), local[*] "
                        + "or spark://HOST:PORT (a standalone cluster); this build carries neither YARN's nor Kubernetes' Spark module");
            }
            return mixer.training.Cluster.connect(master, log);
        }
    }

    /** {@code --models-dir}, and the models found there. */
    static final class ModelsDir {
        @Option(names = "--models-dir", defaultValue = mixer.training.ModelsFolder.BLIND, paramLabel = "DIR",
                description = "Where trained models are, as NAME.zip, and the ensemble, ensemble.json (default: ${DEFAULT-VALUE}; "
                        + "a match task's models/<task>/).")
        Path dir;

        @Spec(Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec command;

        /** The models of the folder, as the {@link Main} running this command finds them. */
        Predictors predictors() {
            return predictors(dir);
        }

        /** The models of another folder (a command's own default for a task). */
        Predictors predictors(Path folder) {
            return ((Main) command.root().userObject()).models(folder);
        }

        /** The folder given with --models-dir, else {@code task}'s ({@link mixer.training.ModelsFolder#of}), where `mixer train` puts its models. */
        Path dir(mixer.dataset.Task task) {
            return command.commandLine().getParseResult().hasMatchedOption("--models-dir") ? dir : mixer.training.ModelsFolder.of(task);
        }

        /**
         * The models a command mixing toward a reference ({@code toReference}) or blind uses: the folder given with
         * --models-dir, else match other's ({@link mixer.training.ModelsFolder#of}) for a reference and the default folder blind.
         */
        Predictors predictors(boolean toReference) {
            boolean given = command.commandLine().getParseResult().hasMatchedOption("--models-dir");
            return toReference && !given ? predictors(mixer.training.ModelsFolder.of(mixer.dataset.Task.MATCH_OTHER)) : predictors();
        }
    }

    /** {@code --windows}: how many windows of a song a model hears (mix, compare, features). */
    static final class Windows {
        int max = mixer.dataset.features.SongWindows.DEFAULT_MAX_WINDOWS;

        @Spec(Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec command;

        @Option(names = "--windows", paramLabel = "N",
                description = "At most this many windows of about 3 s, spread over the song, silent ones left out (default: "
                        + mixer.dataset.features.SongWindows.DEFAULT_MAX_WINDOWS + ", as `mixer mix`).")
        void set(int n) {
            if (n < 1) throw new CommandLine.ParameterException(command.commandLine(), "--windows must be at least 1, got " + n);
            max = n;
        }
    }

    /** {@code --no-limiter} of the commands that render with the chain (render, mix, compare). */
    static final class NoLimiter {
        @Option(names = "--no-limiter", description = "Bypass the safety true-peak limiter (ceiling "
                + mixer.dsp.Renderer.LIMITER_CEILING_DBTP + " dBTP).")
        boolean given;
    }

    /** {@code --format} of the commands that write audio. */
    static final class Format {
        enum Choice { auto, pcm16, pcm24, float32 }

        @Option(names = "--format", defaultValue = "auto",
                description = "Sample format of the WAV written: ${COMPLETION-CANDIDATES}; auto keeps the input's depth: 16-bit or narrower becomes "
                        + "16-bit, float stays float, everything else becomes 24-bit; invert's auto is 32-bit float (default: ${DEFAULT-VALUE}).")
        Choice choice;

        /** The chosen format; auto keeps the input's own (see {@link mixer.dsp.io.SampleFormat#keeping}). */
        mixer.dsp.io.SampleFormat sampleFormat(mixer.dsp.io.SampleFormat keeping) {
            return switch (choice) {
                case pcm16 -> mixer.dsp.io.SampleFormat.PCM_16;
                case pcm24 -> mixer.dsp.io.SampleFormat.PCM_24;
                case float32 -> mixer.dsp.io.SampleFormat.FLOAT_32;
                case auto -> keeping;
            };
        }
    }
}

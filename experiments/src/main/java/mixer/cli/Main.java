package mixer.cli;

import mixer.inference.OutOfMemory;
import mixer.inference.Predictors;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Command;

/** The {@code mixer} command line: one subcommand per task, each with --help. */
@Command(name = "mixer",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A research workbench for AI music mixing: models predict the 10 settings of a "
                + "mixing chain; one renderer applies them.",
        subcommands = {
                ParamsCommand.class,
                RenderCommand.class,
                InvertCommand.class,
                CorpusCommand.class,
                DatasetCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                ReproduceCommand.class,
                LoudnessCommand.class,
                FeaturesCommand.class,
                MixCommand.class,
                EstimateCommand.class,
                CompareCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where commands find models by name: trained files in a folder, and any predictors a test adds. */
    private final Function<Path, Predictors> models;

    public Main() {
        this(Predictors::new);
    }

    /** A command line whose commands find their models through {@code models} (tests add predictors of their own). */
    public Main(Function<Path, Predictors> models) {
        this.models = models;
    }

    /** The models in a folder. */
    Predictors models(Path dir) {
        return models.apply(dir);
    }

    public static void main(String[] args) {
        mixer.training.CpuLibrary.choose(); // before any native library loads
        System.setOut(new WithoutSameDiffChatter(System.out));
        // Ctrl-C or kill during a command: say what is left and what to do (the shell shows only ^C); not after it ends
        // the stream of now: the Spark engine silences System.err once the JVM shuts down (SparkCluster.quietOnShutdown)
        java.io.PrintStream stderr = System.err;
        Thread interrupted = new Thread(() -> stderr.println("mixer: interrupted. Files are written whole or not at all: "
                + "run the same command again (mixer reproduce and mixer dataset build go on where they stopped, mixer train "
                + "from its last epoch with --resume)."), "mixer-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        int code;
        try {
            code = run(args);
        } finally { // ended, also by a failure: no note
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException e) {
                // already shutting down: the note is being printed
            }
        }
        System.exit(code);
    }

    /**
     * Standard output less the lines SameDiff 1.0.0-M2.1 prints there unconditionally ("Added
     * differentiated op ...", one per op when it builds a gradient function, i.e. at the AST's first
     * training step), so that stdout stays the command's own output.
     */
    static final class WithoutSameDiffChatter extends java.io.PrintStream {
        static final String CHATTER = "Added differentiated op ";

        WithoutSameDiffChatter(java.io.PrintStream out) {
            super(out, true, java.nio.charset.Charset.defaultCharset()); // what System.out itself uses on Java 17
        }

        @Override
        public void println(String line) {
            if (line == null || !line.startsWith(CHATTER)) super.println(line);
        }
    }

    /** Runs the CLI on standard output and error; returns its exit code: 0 done, 1 failed (the reason is printed), 2 bad usage. */
    public static int run(String... args) {
        return execute(new Main(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line with its output and errors going to these writers (every command prints through them). */
    public static int execute(Main main, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(main).setExecutionExceptionHandler(Main::reportFailure)
                .setParameterExceptionHandler(Main::reportUsageError).setOut(out).setErr(err)
                .registerConverter(java.nio.file.Path.class, Main::path);
        try {
            return cmd.execute(args);
        } catch (OutOfMemoryError e) { // an Error passes picocli's handler: one sentence, not a stack trace
            CommandLine.ParseResult parsed = cmd.getParseResult(); // "mix fewer songs" is advice for mix alone
            boolean mixing = parsed != null && parsed.subcommand() != null && parsed.subcommand().commandSpec().name().equals("mix");
            cmd.getErr().println(cmd.getColorScheme().errorText("mixer: " + OutOfMemory.advice(e) + (mixing ? " or mix fewer songs at once" : "")));
            return 1;
        } catch (LinkageError e) { // ExceptionInInitializerError, NoClassDefFoundError: ND4J's backend, or not ours to explain
            if (!mixer.training.Device.isBackendFailure(e)) throw e;
            cmd.getErr().println(cmd.getColorScheme().errorText("mixer: " + mixer.training.Device.didNotStart(e)));
            debugTrace(e, cmd.getErr());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * A file or folder named on the command line. An empty name is bad usage: Java reads it as the current folder, and
     * `mixer mix "$SONG"` with the variable unset mixed every song below it.
     */
    static java.nio.file.Path path(String name) {
        if (name.isBlank()) throw new CommandLine.TypeConversionException("an empty file name (an unset shell variable?)");
        try {
            return java.nio.file.Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + name + "' cannot be a file name here (" + e.getReason() + ")");
        }
    }

    @Override
    public void run() { // no command given: a usage error (exit 2), the usage on stderr, as for any other
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command: " + String.join(", ",
                spec.commandLine().getSubcommands().keySet()));
    }

    /**
     * A usage error is its sentence and where help is (exit 2); the whole usage only where no command or an unknown one
     * was given, for the list of commands. The sentence says what is wrong: twenty lines of options under it would bury it.
     */
    private static int reportUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        for (String arg : args) { // picocli takes "-song.wav" for an option, and then says a file is missing
            if (arg.startsWith("-") && arg.matches("-[^=]*\\.[A-Za-z][A-Za-z0-9]{1,4}")) {
                err.println(arg + " was read as an option: for a file whose name starts with -, write ./" + arg);
                break;
            }
        }
        if (cmd.getParent() == null) { // no command, or an unknown one: the list of commands
            cmd.usage(err, cmd.getColorScheme());
        } else {
            err.println("(" + cmd.getCommandSpec().qualifiedName() + " --help shows every option)");
        }
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A failure is a sentence for the user, not a stack trace; MIXER_DEBUG=1 shows the trace. */
    private static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable fs = e instanceof java.io.UncheckedIOException ? e.getCause() : e;
        String message = fs instanceof java.nio.file.FileSystemException f ? mixer.dsp.io.FileErrors.explain(f)
                : e.getMessage() == null ? e.toString() : e.getMessage();
        cmd.getErr().println(cmd.getColorScheme().errorText(cmd.getCommandSpec().qualifiedName() + ": " + message));
        debugTrace(e, cmd.getErr());
        return 1;
    }

    /** MIXER_DEBUG set: the stack trace goes under a failure's sentence (a field so that a test can set it). */
    static boolean debug = System.getenv("MIXER_DEBUG") != null;

    /** With MIXER_DEBUG set, the stack trace under a failure's sentence (also a batch's skipped song). */
    static void debugTrace(Throwable e, PrintWriter err) {
        if (debug) e.printStackTrace(err);
    }
}

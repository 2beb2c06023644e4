package mixer.cli;

import picocli.CommandLine.Command;

/** Benchmarks: speed and memory targets are measured here, never by timed tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (speed and memory targets).",
        subcommands = {BenchRenderCommand.class, BenchTrainCommand.class, BenchMixCommand.class, BenchFeaturesCommand.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A benchmark's first line: the code and machine its figures belong to (a figure without them cannot be quoted). */
    static String codeLine() {
        mixer.dsp.provenance.Provenance p = mixer.dsp.provenance.Provenance.now();
        return "code: mixer " + p.mixerVersion() + " (" + p.gitCommit() + "), Java " + p.javaVersion() + ", " + p.os() + ", "
                + p.processors() + " processors, " + p.createdUtc();
    }
}

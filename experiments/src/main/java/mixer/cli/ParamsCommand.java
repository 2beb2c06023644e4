package mixer.cli;

import mixer.dsp.io.WavComment;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.params.ParamsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "params", mixinStandardHelpOptions = true,
        description = {"Prints the schema of the 10 mixing parameters (or a neutral PARAMS.json with --json).",
                "Given a FILE, prints its settings instead: a PARAMS.json, or a WAV mixer wrote (a mix, render or invert "
                        + "carries its settings and how it was made)."})
final class ParamsCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A PARAMS.json or a WAV mixer wrote.")
    Path file;

    @Option(names = "--json", description = "Print a PARAMS.json: every parameter at its neutral value, or FILE's settings "
            + "(a WAV's with how it was made).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (file != null) {
            MixSettings settings = ParamsFile.read(file); // an error names the file and what is wrong
            Optional<String> madeBy = WavComment.read(file); // a WAV's account of itself; none for a PARAMS.json
            if (json) {
                out.print(madeBy.map(c -> c + System.lineSeparator()).orElse(ParamsFile.toJson(settings)));
                return 0;
            }
            Table t = new Table("name", "value", "normalized");
            for (Param p : Param.all()) {
                t.row(p.id, Formats.physical(p, settings.get(p)), String.format(Locale.ROOT, "%.4f", p.toNormalized(settings.get(p))));
            }
            out.print(t);
            if (madeBy.isPresent()) out.println("how " + file + " was made: `mixer params " + file + " --json`");
            return 0;
        }
        if (json) {
            out.print(ParamsFile.toJson(MixSettings.neutral()));
            return 0;
        }
        Table t = new Table("#", "name", "unit", "min", "max", "scale", "neutral", "stage");
        for (Param p : Param.all()) {
            t.row(String.valueOf(p.ordinal() + 1), p.id, p.unit, fmt(p.min), fmt(p.max),
                    p.scale.name().toLowerCase(), fmt(p.neutral), p.description);
        }
        out.print(t);
        out.println();
        out.println("PARAMS.json holds these by name in physical units, or normalised to 0 … 1 with "
                + "\"normalized\": true; missing names take their neutral value.");
        out.println("After the 10 stages a safety true-peak limiter (ceiling " + mixer.dsp.Renderer.LIMITER_CEILING_DBTP + " dBTP) stops clipping; "
                + "--no-limiter bypasses it.");
        return 0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}

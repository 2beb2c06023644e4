package mixer.cli;

import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.params.ParamsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "params", mixinStandardHelpOptions = true,
        description = "Prints the schema of the 10 mixing parameters (or a neutral PARAMS.json with --json).")
final class ParamsCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print a PARAMS.json with every parameter at its neutral value.")
    boolean json;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
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
        out.println("After the 10 stages a safety true-peak limiter (ceiling -1 dBTP) stops clipping; "
                + "--no-limiter bypasses it.");
        return 0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}

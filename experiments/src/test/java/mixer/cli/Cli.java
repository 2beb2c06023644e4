package mixer.cli;

import mixer.inference.Predictors;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;

/** The command line as a test runs it: what it prints is kept, and its models can be the test's own. */
final class Cli {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    Function<Path, Predictors> models = Predictors::new;

    /** Runs {@code mixer args...}; returns the exit code. */
    int run(String... args) {
        return Main.execute(new Main(models), writer(out), writer(err), args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    void reset() {
        out.reset();
        err.reset();
    }

    private static PrintWriter writer(ByteArrayOutputStream bytes) {
        return new PrintWriter(new java.io.OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
    }
}

package mixer.cli;

import mixer.inference.Predictors;

import java.nio.file.Path;
import java.util.function.Function;

/** Where the CLI finds models. Tests replace {@link #lookup} to add predictors of their own. */
final class Models {

    static Function<Path, Predictors> lookup = Predictors::new;

    private Models() {
    }

    static Predictors in(Path dir) {
        return lookup.apply(dir);
    }
}

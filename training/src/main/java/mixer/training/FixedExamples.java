package mixer.training;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.features.FeatureCache;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The fixed (seeded, pre-rendered) examples of a split, as feature windows with their targets. A row is
 * a whole excerpt (about 30 s); it is scored by the mean of the predictions of a few evenly spaced
 * windows, which keeps validation cheap and the same for every run.
 */
public record FixedExamples(List<Row> rows) {

    /** One manifest row: its id, the windows a model hears, and the 10 normalised targets. */
    public record Row(String id, List<Features> windows, double[] targets) {
        public Row {
            if (windows.isEmpty()) throw new IllegalArgumentException(id + ": a row needs at least one window");
            windows = List.copyOf(windows);
            targets = targets.clone();
        }
    }

    public FixedExamples {
        rows = List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }

    /** Total windows over all rows (what one validation pass feeds the network). */
    public int windows() {
        return rows.stream().mapToInt(r -> r.windows().size()).sum();
    }

    /**
     * Loads the rows of {@code split} with at most {@code maxWindows} evenly spaced windows each; the
     * features of each file are computed once and kept in {@code cache}.
     */
    public static FixedExamples load(Manifest manifest, Split split, FeatureConfig config, FeatureCache cache, int maxWindows,
                                     Consumer<String> log) throws IOException {
        List<Example> examples = manifest.split(split);
        if (examples.isEmpty()) {
            throw new IOException(manifest.file() + ": no " + split.id() + " rows; build the dataset with `mixer dataset build`");
        }
        List<Row> rows = new ArrayList<>();
        for (Example e : examples) {
            if (!e.hasTargets()) throw new IOException(manifest.file() + ": " + split.id() + " row '" + e.id() + "' has no targets");
            List<Features> windows = manifest.readRowFile(e, "audio", f -> cache.windows(f, config));
            rows.add(new Row(e.id(), evenlySpaced(windows, maxWindows), e.targets()));
            if (rows.size() % 24 == 0) log.accept("features of " + rows.size() + "/" + examples.size() + " " + split.id() + " rows");
        }
        return new FixedExamples(rows);
    }

    /** At most {@code max} windows, spread evenly from the first to the last (the first only when max is 1). */
    public static <T> List<T> evenlySpaced(List<T> windows, int max) {
        if (max < 1) throw new IllegalArgumentException("need at least one window per row, got " + max);
        int n = windows.size();
        if (n <= max) return windows;
        List<T> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) out.add(windows.get(max == 1 ? 0 : (int) Math.round(i * (n - 1) / (double) (max - 1))));
        return out;
    }
}

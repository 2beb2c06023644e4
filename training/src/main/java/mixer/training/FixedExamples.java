package mixer.training;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.Task;
import mixer.dataset.features.FeatureCache;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dataset.features.SongWindows;
import mixer.dsp.params.Param;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The fixed (seeded, pre-rendered) examples of a split, as feature windows with their targets. A row is
 * a whole excerpt (about 30 s) heard as `mixer mix` hears a song: the windows {@link SongWindows} picks
 * (up to {@value SongWindows#DEFAULT_MAX_WINDOWS}, spread over the excerpt, near-silent ones left out),
 * predicted by the model's own {@link SettingsPredictor#predictNormalized}. So validation during
 * training and the evaluation's scores measure what mixing a song does. A match task's row (one with a reference)
 * is heard as {@link SongWindows#pairs} of its input and its reference windows.
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

    /** What {@code model} predicts for each row, as for a song: {@code [row][param]}. */
    public double[][] predict(SettingsPredictor model) {
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) out[i] = model.predictNormalized(rows.get(i).windows());
        return out;
    }

    /** The MAE of each setting of {@code model}'s predictions over the rows. */
    public double[] maePerParam(SettingsPredictor model) {
        double[][] predicted = predict(model);
        double[] sum = new double[Param.COUNT];
        for (int i = 0; i < predicted.length; i++) {
            for (int p = 0; p < Param.COUNT; p++) sum[p] += Math.abs(predicted[i][p] - rows.get(i).targets()[p]) / rows.size();
        }
        return sum;
    }

    /**
     * Loads the rows of {@code split} with the windows a song's model hears; the features of each file
     * are computed once and kept in {@code cache}.
     */
    public static FixedExamples load(Manifest manifest, Task task, Split split, FeatureConfig config, FeatureCache cache,
                                     Consumer<String> log) throws IOException {
        List<Example> examples = manifest.split(split);
        if (examples.isEmpty()) {
            // a dataset built with --split or a --splits share of 0 has none: "build it with `mixer dataset build`" did not help
            throw new IOException(manifest.file() + ": no " + split.id() + " rows (`mixer dataset build --split` of another split, "
                    + "or a --splits share of 0 for this one, makes none); build the dataset with a " + split.id()
                    + " share, e.g. the default splits (no --split or --splits) or --splits 0.6,0.35,0.05");
        }
        List<Row> rows = new ArrayList<>();
        for (Example e : examples) {
            if (!e.hasTargets()) {
                throw new IOException(manifest.file() + ": " + split.id() + " row '" + e.id() + "' has no targets, and only rows "
                        + "with targets can be scored (a generated dataset's training rows have none: they are drawn afresh "
                        + "each epoch; its test and validation rows have them)");
            }
            List<Features> windows = e.hasReference() // a match task's row: its input and reference heard as pairs
                    ? manifest.readRowFile(e, "audio", f -> manifest.readRowFile(e, Manifest.REFERENCE,
                            r -> cache.pairWindows(f, r, task.sameCrop(), config, SongWindows.DEFAULT_MAX_WINDOWS)))
                    : manifest.readRowFile(e, "audio", f -> cache.songWindows(f, config, SongWindows.DEFAULT_MAX_WINDOWS));
            rows.add(new Row(e.id(), windows, e.targets()));
            if (rows.size() % 24 == 0) log.accept("features of " + rows.size() + "/" + examples.size() + " " + split.id() + " rows");
        }
        return new FixedExamples(rows);
    }
}

package mixer.training;

import mixer.dataset.Task;

import java.nio.file.Path;

/**
 * Where trained models live, relative to the workspace, in one place: blind restore's in {@code models/} (where
 * `mixer mix` looks by default), a match task's in {@code models/<task>/} ({@code models/match-other/},
 * {@code models/match-same/}: where `mixer mix --reference` and `mixer estimate` look), and a --quick run's beside the
 * full-size ones, named {@code NAME-quick}. Their training runs (checkpoints, history) are kept alike, in {@code runs/}
 * and {@code runs/<task>/}.
 */
public final class ModelsFolder {

    /** Blind restore's models, and --models-dir's default. */
    public static final String BLIND = "models";
    /** {@link #of}(MATCH_OTHER) as a constant, for picocli's annotations: `mixer mix --reference`'s default. */
    public static final String MATCH_OTHER = BLIND + "/match-other";
    /** {@link #of}(MATCH_SAME) as a constant, for picocli's annotations: `mixer estimate`'s default. */
    public static final String MATCH_SAME = BLIND + "/match-same";
    /** Blind restore's training runs ({@link #runs}). */
    public static final String RUNS = "runs";
    /** What `--quick` adds to the name of each file it writes, beside the full-size ones: {@code models/ast-quick.zip}. */
    public static final String QUICK_SUFFIX = "-quick";

    private ModelsFolder() {
    }

    /** The folder of a task's models: {@code models/} for blind restore, {@code models/<task>/} otherwise. */
    public static Path of(Task task) {
        return task == Task.RESTORE ? Path.of(BLIND) : Path.of(BLIND, task.id());
    }

    /**
     * The folder of a task's dataset: {@code data/dataset/} for blind restore, {@code data/dataset-<task>/} otherwise (where
     * `mixer dataset build` and `mixer reproduce` put it), so that a match dataset does not replace blind restore's.
     */
    public static Path dataset(Task task) {
        return Path.of(task == Task.RESTORE ? "data/dataset" : "data/dataset-" + task.id());
    }

    /** The folder of a task's training runs: {@code runs/} for blind restore, {@code runs/<task>/} otherwise. */
    public static Path runs(Task task) {
        return task == Task.RESTORE ? Path.of(RUNS) : Path.of(RUNS, task.id());
    }

    /**
     * The folder of a task's report: {@code runs/report/<task>/} ({@code restore}, {@code match-other}, {@code match-same}),
     * where `mixer evaluate` and `mixer reproduce` both write it, so that one task's evaluation does not replace another's
     * and {@code runs/report/index.html} finds each; a --quick one's in {@code runs/report-quick/<task>/}, not over the full
     * models' report.
     */
    public static Path report(Task task, boolean quick) {
        return reports(quick).resolve(task.id());
    }

    /** The folder of every task's report ({@link #report}), where {@code index.html} puts them side by side. */
    public static Path reports(boolean quick) {
        return Path.of(RUNS, named("report", quick));
    }

    /** A file's name (less its extension) for a full run's, or with {@link #QUICK_SUFFIX} for a --quick run's. */
    public static String named(String name, boolean quick) {
        return quick ? name + QUICK_SUFFIX : name;
    }
}

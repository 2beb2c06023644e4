package mixer.cli;

import mixer.dataset.DatasetProvenance;
import mixer.dataset.Split;
import mixer.evaluation.Evaluation;
import mixer.evaluation.Refinement;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.ParameterMetrics;
import mixer.evaluation.report.ReportData;
import mixer.training.WeightedEnsemble;
import mixer.training.models.ModelKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores trained models on the same test examples, with the saved weighted ensemble (per-parameter weights, "
                + "non-negative, summing to one) of <models>/ensemble.json: when there is none it is fitted on the validation "
                + "split and saved there; --refit-ensemble FILE fits a fresh one into a new file. Reports MAE overall and per "
                + "parameter (normalised and physical) with bootstrap 95 %% intervals over tracks, RMSE and median, the "
                + "training-mean baseline, and audio metrics (each test input rendered with the predicted settings against the "
                + "finished original), skill against the training mean, the MAE where each stage is audible, the 5 worst tracks per "
                + "model, and a floor estimated from the training tracks (blind restore: their own spread; match other: how the "
                + "two halves of one track differ); the 0.035 target is compared on the match tasks, not on blind restore.",
                "Writes report.md, report.html, results CSVs and PNG charts to --out and prints the MAE table."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data/dataset/manifest.csv", paramLabel = "FILE", description = "The dataset's manifest (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--models", split = ",", paramLabel = "MODEL", completionCandidates = Options.TrainedModelNames.class,
            description = "Models to score (default: every trained one of ${COMPLETION-CANDIDATES}).")
    List<String> models;

    @picocli.CommandLine.Mixin
    Options.ModelsDir modelsDir;

    @Option(names = "--split", defaultValue = "test", description = "The split to score (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Report folder (default: the dataset's task's, runs/report/<task>, where `mixer reproduce` writes it, "
                    + "and then the tasks' index, runs/report/index.html; with --quick runs/report-quick/<task>).")
    Path out;

    @Option(names = "--quick", description = "Score the --quick models (<model>-quick.zip).")
    boolean quick;

    @picocli.CommandLine.Mixin
    Options.Seed seed;

    @Option(names = "--ensemble", paramLabel = "FILE",
            description = "The saved ensemble to score with, as it is, never refitted (default: <models-dir>/ensemble.json, "
                    + "ensemble-quick.json with --quick; only when the default file is missing is one fitted on the validation "
                    + "split and saved there).")
    Path ensembleOption;

    @Option(names = "--refit-ensemble", paramLabel = "FILE",
            description = "Fit the ensemble afresh on this dataset's validation split, save it to FILE (a new file: an existing "
                    + "one is never overwritten) and score with it; the saved ensemble stays as it is.")
    Path refitTo;

    @Option(names = "--mix-dir", paramLabel = "DIR",
            description = "Also mix every scored input with the ensemble's settings (the best model's without an ensemble), "
                    + "chain and safety limiter, into DIR as <row>.wav with its <row>.json preset.")
    Path mixDir;

    @Option(names = "--refine", description = "Also score predictions refined with the exact chain, as '<model> + refine': "
            + "blind restore, each model's, the delay and reverb sends set where the mix's signature of each vanishes, then the "
            + "output level moved toward where finished tracks peak; a match "
            + "task, the ensemble's second stage (without an ensemble, each model's), searched until the mix comes closest to "
            + "the row's reference.")
    boolean refine;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Evaluation.Options options;
        try {
            List<ModelKind> kinds = new ArrayList<>();
            if (models != null) for (String m : models) kinds.add(ModelKind.of(m));
            mixer.dataset.Task task = DatasetProvenance.of(data.toAbsolutePath().getParent()).task();
            Path models = modelsDir.dir(task); // a match dataset's are in models/<task>/
            Path report = report(task); // and every task's report in runs/report/<task>/
            options = new Evaluation.Options(data, models, kinds, Split.of(split), quick, seed.value, ensembleOption, refitTo, report, mixDir, refine);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        Evaluation.Result r = Evaluation.run(options, err::println);
        PrintWriter o = spec.commandLine().getOut();
        printTable(r.data(), r.whyNoEnsemble(), o);
        o.printf("report: %s%n", r.report().html());
        Path tasks = indexFolder();
        if (tasks != null) o.printf("tasks side by side: %s%n", mixer.evaluation.report.TaskIndex.write(tasks));
        o.flush();
        return 0;
    }

    /**
     * Where the tasks' index goes when the report went into its task's folder (runs/report/index.html, as reproduce
     * writes it), so that the index shows this evaluation and not the one before it; none for a report elsewhere (--out).
     */
    Path indexFolder() {
        return out != null ? null : mixer.training.ModelsFolder.reports(quick);
    }

    /**
     * The report folder: --out, else the task's (runs/report/<task>: not over another task's; with --quick
     * runs/report-quick/<task>: not over the full models' report).
     */
    Path report(mixer.dataset.Task task) {
        return out != null ? out : mixer.training.ModelsFolder.report(task, quick);
    }

    /**
     * The MAE table, headed by the task it scores; {@code whyNoEnsemble} says why a run has no ensemble (null
     * when it has one). On blind restore it says where the 0.035 target is compared instead.
     */
    static void printTable(ReportData data, String whyNoEnsemble, PrintWriter o) {
        AudioEvaluation audio = data.audio();
        ParameterMetrics mean = data.meanBaseline();
        o.printf(Locale.ROOT, "%s: %d rows of %d tracks%n", data.taskName(), mean == null ? data.predictions().get(0).size()
                : mean.examples(), mean == null ? data.predictions().get(0).tracks().size() : mean.tracks());
        Table t = new Table("model", "MAE", "95% interval", "RMSE", "median", "skill", "MR-STFT", "loudness err LU", "closer than input");
        for (Map.Entry<String, ParameterMetrics> e : data.metrics().entrySet()) {
            ParameterMetrics m = e.getValue();
            AudioEvaluation.Summary a = audio == null || !audio.models().contains(e.getKey()) ? null : audio.summary(e.getKey());
            t.row(e.getKey(), f4(m.mae().value()), f4(m.mae().low()) + " - " + f4(m.mae().high()), f4(m.rmse()), f4(m.median()),
                    mean == null ? "" : String.format(Locale.ROOT, "%.3f", m.skill(mean)),
                    a == null ? "" : String.format(Locale.ROOT, "%.3f", a.stftDistance().value()),
                    a == null ? "" : String.format(Locale.ROOT, "%.2f", a.loudnessErrorLu().value()),
                    a == null ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * a.shareCloser().value()));
        }
        if (audio != null) {
            AudioEvaluation.Summary nothing = audio.summary(AudioEvaluation.DO_NOTHING);
            t.row(nothing.model(), "", "", "", "", "", String.format(Locale.ROOT, "%.3f", nothing.stftDistance().value()),
                    String.format(Locale.ROOT, "%.2f", nothing.loudnessErrorLu().value()), "");
        }
        o.print(t);
        ParameterMetrics ens = data.metrics().get(WeightedEnsemble.NAME);
        // the best single model: neither the ensemble nor a refined row (refinement is reported on its own line)
        ParameterMetrics best = data.candidates().stream().filter(m -> !m.equals(WeightedEnsemble.NAME) && !m.endsWith(Refinement.SUFFIX)
                        && !m.contains(Refinement.SECOND_STAGE))
                .map(data.metrics()::get).min((a, b) -> Double.compare(a.mae().value(), b.mae().value())).orElse(null);
        // the best single model's second stage (a match task's): the estimate `mixer estimate` and `mix --reference` give
        ParameterMetrics bestStaged = data.candidates().stream().filter(m -> m.endsWith(Refinement.SECOND_STAGE) && !m.equals(WeightedEnsemble.NAME + Refinement.SECOND_STAGE))
                .map(data.metrics()::get).min((a, b) -> Double.compare(a.mae().value(), b.mae().value())).orElse(null);
        ParameterMetrics refined = data.metrics().get(Refinement.name(WeightedEnsemble.NAME));
        if (refined == null) refined = data.metrics().get(Refinement.name(WeightedEnsemble.NAME + Refinement.SECOND_STAGE));
        if (!data.comparesTarget()) {
            if (best != null) {
                o.printf(Locale.ROOT, "%s: best single model %s %.4f%s%s%n", data.taskName(), best.model(), best.mae().value(),
                        ens == null ? "" : String.format(Locale.ROOT, ", ensemble %.4f (%+.1f %%)", ens.mae().value(),
                                100 * (ens.mae().value() - best.mae().value()) / best.mae().value()),
                        data.floor() == null ? "" : String.format(Locale.ROOT, "; estimated floor %.3f", data.floor().overall()));
            }
            if (ens == null && whyNoEnsemble != null) o.println("no ensemble: " + whyNoEnsemble);
            o.printf(Locale.ROOT, "the %.3f target is compared on the match tasks (a reference beside the input), not on %s%n",
                    ReportData.TARGET_MAE, data.taskName());
        } else if (ens != null && best != null) {
            o.printf(Locale.ROOT, "target MAE %.3f: the ensemble (%.4f) %s it; best single model %s %.4f, ensemble %+.1f %%%n", ReportData.TARGET_MAE,
                    ens.mae().value(), ens.mae().value() <= ReportData.TARGET_MAE ? "MEETS" : "does NOT meet", best.model(), best.mae().value(),
                    100 * (ens.mae().value() - best.mae().value()) / best.mae().value());
            ParameterMetrics staged = data.metrics().get(WeightedEnsemble.NAME + Refinement.SECOND_STAGE);
            if (staged != null) {
                o.printf(Locale.ROOT, "target MAE %.3f: with the second stage the ensemble (%.4f) %s it%s%n", ReportData.TARGET_MAE,
                        staged.mae().value(), staged.mae().value() <= ReportData.TARGET_MAE ? "MEETS" : "does NOT meet", bestStaged == null ? ""
                        : String.format(Locale.ROOT, "; best single model %s %.4f, ensemble %+.1f %%", bestStaged.model(), bestStaged.mae().value(),
                        100 * (staged.mae().value() - bestStaged.mae().value()) / bestStaged.mae().value()));
            }
            if (refined != null) {
                o.printf(Locale.ROOT, "target MAE %.3f: the ensemble refined against the references (%.4f) %s it%n", ReportData.TARGET_MAE,
                        refined.mae().value(), refined.mae().value() <= ReportData.TARGET_MAE ? "MEETS" : "does NOT meet");
            }
        } else if (best != null) {
            o.printf(Locale.ROOT, "target MAE %.3f: best model %s %.4f %s it%n", ReportData.TARGET_MAE,
                    best.model(), best.mae().value(), best.mae().value() <= ReportData.TARGET_MAE ? "meets" : "does not meet");
            if (bestStaged != null) { // without it the line above was the verdict, whatever the second stage reached
                o.printf(Locale.ROOT, "target MAE %.3f: with the second stage, best model %s %.4f %s it%n", ReportData.TARGET_MAE,
                        bestStaged.model(), bestStaged.mae().value(), bestStaged.mae().value() <= ReportData.TARGET_MAE ? "meets" : "does not meet");
            }
            if (whyNoEnsemble != null) o.println("no ensemble: " + whyNoEnsemble);
        }
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}

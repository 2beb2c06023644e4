package mixer.evaluation.report;

import mixer.dataset.Task;
import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.Bootstrap;
import mixer.evaluation.metrics.Floor;
import mixer.evaluation.metrics.MeanPredictor;
import mixer.evaluation.metrics.ParameterMetrics;
import mixer.training.EnsembleBundle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one report shows: the models' test predictions (the ensemble's and the mean baseline's
 * among them) scored on the same examples, optionally audio metrics, the ensemble's weights and the
 * training histories, and provenance. Build with {@link #builder}.
 *
 * @param baselines names of the models that are baselines (shown, but never "the best model")
 * @param task      the dataset's task: what the audio metrics compared (restore unless set)
 * @param audible   which stages are audible in each row, by example id ({@code Audibility.of}); empty when not measured
 * @param floor     the task's floor from its training tracks ({@link Floor}); null when not measured
 */
public record ReportData(String title, Task task, List<Predictions> predictions, Map<String, ParameterMetrics> metrics,
                         List<String> baselines, AudioEvaluation audio, EnsembleBundle ensemble,
                         List<TrainingHistory> histories, double targetMae, Bootstrap bootstrap,
                         Map<String, Object> provenance, Map<String, boolean[]> audible, Floor floor) {

    /** The project's goal: normalised MAE at or below this. */
    public static final double TARGET_MAE = 0.035;
    /** The provenance entry holding each scored model bundle's provenance ({@link Builder#modelBundle}). */
    public static final String MODEL_BUNDLES = "model_bundles";

    public static Builder builder(String title, Bootstrap bootstrap) {
        return new Builder(title, bootstrap);
    }

    public List<String> models() {
        return predictions.stream().map(Predictions::model).toList();
    }

    public Predictions predictions(String model) {
        for (Predictions p : predictions) if (p.model().equals(model)) return p;
        throw new IllegalArgumentException("no predictions for '" + model + "'");
    }

    /** Models that are not baselines. */
    public List<String> candidates() {
        return models().stream().filter(m -> !baselines.contains(m)).toList();
    }

    /** The training mean's metrics, the reference of skill (null when it was not scored). */
    public ParameterMetrics meanBaseline() {
        return metrics.get(MeanPredictor.NAME);
    }

    /** The task as reports name it: restore is "blind restore" (the model hears only the un-mixed track). */
    public String taskName() {
        return taskName(task);
    }

    /** A horizontal line on the MAE charts. */
    public record Line(double mae, String label) {
    }

    /**
     * The line the MAE charts draw: the target where it is compared ({@link #comparesTarget}), else the
     * estimated floor (null without one).
     */
    public Line chartLine() {
        if (comparesTarget()) return new Line(targetMae, String.format(Locale.ROOT, "target %.3f", targetMae));
        return floor == null ? null : new Line(floor.overall(), String.format(Locale.ROOT, "estimated floor %.3f", floor.overall()));
    }

    public static String taskName(Task t) {
        return switch (t) {
            case RESTORE -> "blind restore";
            case MATCH_SAME -> "match same";
            case MATCH_OTHER -> "match other";
            case ESTIMATE -> t.id();
        };
    }

    /**
     * Whether the 0.035 target is compared on this report's task. It belongs to the reference task (the
     * next issue): blind restore cannot reach it, since the music itself varies ({@code Floor}).
     */
    public boolean comparesTarget() {
        return comparesTarget(task);
    }

    /** Whether the 0.035 target is compared on a task: on every task but blind restore. */
    public static boolean comparesTarget(Task t) {
        return t != Task.RESTORE;
    }

    public static final class Builder {
        private final String title;
        private final Bootstrap bootstrap;
        private final List<Predictions> predictions = new ArrayList<>();
        private final List<String> baselines = new ArrayList<>();
        private final List<TrainingHistory> histories = new ArrayList<>();
        private final Map<String, Object> provenance = new LinkedHashMap<>();
        private AudioEvaluation audio;
        private EnsembleBundle ensemble;
        private double targetMae = TARGET_MAE;
        private Task task = Task.RESTORE;
        private final Map<String, boolean[]> audible = new LinkedHashMap<>();
        private Floor floor;

        private Builder(String title, Bootstrap bootstrap) {
            this.title = title;
            this.bootstrap = bootstrap;
        }

        /** A model's (or the ensemble's) test predictions; the order given is the order shown. */
        public Builder model(Predictions p) {
            predictions.add(p);
            return this;
        }

        /** A baseline's predictions (the mean predictor). */
        public Builder baseline(Predictions p) {
            predictions.add(p);
            baselines.add(p.model());
            return this;
        }

        public Builder audio(AudioEvaluation a) {
            this.audio = a;
            return this;
        }

        public Builder ensemble(EnsembleBundle e) {
            this.ensemble = e;
            return this;
        }

        public Builder history(TrainingHistory h) {
            histories.add(h);
            return this;
        }

        /** Provenance of the run: seeds, config, dataset hash, device, wall time (added to the report's own). */
        public Builder provenance(Map<String, ?> entries) {
            provenance.putAll(entries);
            return this;
        }

        public Builder provenance(String key, Object value) {
            provenance.put(key, value);
            return this;
        }

        /**
         * The provenance of a scored model's bundle ({@code ModelBundle.provenance()}): kept whole in
         * provenance.json under {@value #MODEL_BUNDLES}, shown in the report one row per bundle.
         */
        public Builder modelBundle(String model, Map<String, ?> bundleProvenance) {
            @SuppressWarnings("unchecked")
            Map<String, Object> bundles = (Map<String, Object>) provenance.computeIfAbsent(MODEL_BUNDLES, k -> new LinkedHashMap<>());
            bundles.put(model, new LinkedHashMap<>(bundleProvenance));
            return this;
        }

        /** The dataset's task ({@code Evaluator.task()}); it says what the audio metrics compare. */
        public Builder task(Task t) {
            if (t == null) throw new IllegalArgumentException("task must not be null");
            this.task = t;
            return this;
        }

        /** Which stages are audible in each row ({@code Audibility.of}, {@link Param} order), by example id. */
        public Builder audible(String exampleId, boolean[] stages) {
            if (stages.length != Param.COUNT) {
                throw new IllegalArgumentException(exampleId + ": " + stages.length + " audibility flags, expected " + Param.COUNT);
            }
            audible.put(exampleId, stages.clone());
            return this;
        }

        public Builder floor(Floor f) {
            this.floor = f;
            return this;
        }

        public Builder targetMae(double target) {
            this.targetMae = target;
            return this;
        }

        /** Scores every model (same examples required) and freezes the data. */
        public ReportData build() {
            if (predictions.isEmpty()) throw new IllegalArgumentException("a report needs at least one model's predictions");
            Predictions first = predictions.get(0);
            Map<String, ParameterMetrics> metrics = new LinkedHashMap<>();
            boolean[][] mask = null;
            if (!audible.isEmpty()) {
                mask = new boolean[first.size()][];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = audible.get(first.exampleIds().get(i));
                    if (mask[i] == null) throw new IllegalArgumentException("no audibility for " + first.exampleIds().get(i));
                }
            }
            for (Predictions p : predictions) {
                first.requireSameExamples(p);
                if (metrics.put(p.model(), ParameterMetrics.of(p, bootstrap, mask)) != null) {
                    throw new IllegalArgumentException("two prediction sets are named '" + p.model() + "'");
                }
            }
            return new ReportData(title, task, List.copyOf(predictions), Collections.unmodifiableMap(metrics),
                    List.copyOf(baselines), audio, ensemble, List.copyOf(histories), targetMae, bootstrap,
                    Collections.unmodifiableMap(new LinkedHashMap<>(provenance)), Collections.unmodifiableMap(new LinkedHashMap<>(audible)),
                    floor);
        }
    }
}

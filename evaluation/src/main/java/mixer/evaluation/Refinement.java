package mixer.evaluation;

import mixer.dataset.Example;
import mixer.dataset.FinishedLevel;
import mixer.dataset.Manifest;
import mixer.dataset.Task;
import mixer.dataset.features.Refiner;
import mixer.dataset.match.AirMatch;
import mixer.dataset.match.CrestMatch;
import mixer.dataset.match.SecondStage;
import mixer.dataset.match.ReferenceRefiner;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.loudness.TruePeakMeter;
import mixer.dsp.params.MixSettings;
import mixer.training.WeightedEnsemble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Models' predictions refined with the exact chain, scored as models of their own ("{@code <model> + refine}") beside
 * the predictions they came from: each row's prediction is refined on the row's input audio, the whole excerpt the
 * evaluator read the model's windows from. Blind restore: the stage signatures vanish ({@link Refiner}) and the level
 * moves toward where finished tracks peak ({@link FinishedLevel#towardFinishedPeak}); a match
 * task: the mix comes closest to the row's reference ({@link ReferenceRefiner}, aligned for match same).
 */
public final class Refinement {

    /** What a refined model's rows are called after its own name. */
    public static final String SUFFIX = " + refine";
    /** What a model's rows with the second stage after it are called (the match tasks, {@link #secondStage}). */
    public static final String SECOND_STAGE = " + second stage";

    private Refinement() {
    }

    public static String name(String model) {
        return model + SUFFIX;
    }

    /**
     * Every model's predictions refined, in the order given; each row's audio is read once for all models, rows in
     * parallel (each row's result is the same however they are scheduled).
     */
    public static List<Predictions> refine(List<Predictions> models, Manifest manifest, Consumer<String> log) throws IOException {
        return refine(models, manifest, Task.RESTORE, log);
    }

    /** {@link #refine(List, Manifest, Consumer)} for the rows of a dataset of {@code task}. */
    public static List<Predictions> refine(List<Predictions> models, Manifest manifest, Task task, Consumer<String> log) throws IOException {
        return apply(models, manifest, task, SUFFIX, (heard, reference) -> predicted -> reference == null ? blind(heard, predicted)
                : ReferenceRefiner.refine(heard, reference, predicted, task == Task.MATCH_SAME), null,
                "refined %d model%s predictions of %d rows with the exact chain" + (task.hasReference() ? " against the references" : ""), log);
    }

    /**
     * Blind restore's refinement of one row, as `mixer mix --refine` refines a song: the sends where their signatures
     * vanish ({@link Refiner}), then the output level toward where finished tracks peak, from the whole mix's true peak
     * ({@link FinishedLevel#towardFinishedPeak}).
     */
    static MixSettings blind(Audio heard, MixSettings predicted) {
        MixSettings sends = Refiner.refine(heard, predicted);
        return FinishedLevel.towardFinishedPeak(sends, TruePeakMeter.measureDbtp(Renderer.render(heard, sends, false)));
    }

    /**
     * A match task's second stage on every model's predictions, as models of their own ("{@code <model> + second stage}"):
     * match same reads every setting from each row's pair, started from the model's ({@link SecondStage}); match other
     * the air from the pair's balance of its top octaves ({@link AirMatch}), then the ratio from its crests, the output level
     * keeping the mix's loudness ({@link CrestMatch}). On match same the ensemble's row keeps, of
     * its own answer and those of {@code ensembleMembers} (models among {@code models}), the one that explains the pair
     * best ({@link SecondStage#bestFitting}), as {@code mixer estimate} does.
     */
    public static List<Predictions> secondStage(List<Predictions> models, List<String> ensembleMembers, Manifest manifest, Task task,
                                                Consumer<String> log) throws IOException {
        if (!task.hasReference()) throw new IllegalArgumentException("a second stage reads a pair: " + task.id() + " has no reference");
        boolean same = task == Task.MATCH_SAME;
        List<String> names = models.stream().map(Predictions::model).toList();
        int ensemble = names.indexOf(WeightedEnsemble.NAME);
        int[] candidates = same && ensemble >= 0 ? IntStream.concat(IntStream.of(ensemble),
                ensembleMembers.stream().mapToInt(names::indexOf).filter(m -> m >= 0)).toArray() : new int[0];
        Choice choice = candidates.length < 2 ? null : (heard, reference, answers) -> {
            List<MixSettings> each = IntStream.of(candidates).mapToObj(m -> MixSettings.ofNormalized(answers[m])).toList();
            answers[ensemble] = answers[candidates[SecondStage.bestFitting(heard, reference, each)]].clone();
        };
        // match other: the air from the top octaves, then the ratio from the crests (the input's grid once per row)
        Step step = same ? (heard, reference) -> predicted -> SecondStage.estimate(heard, reference, predicted) : (heard, reference) -> {
            CrestMatch.Trials trials = CrestMatch.trials(List.of(heard));
            return predicted -> CrestMatch.estimate(trials, List.of(reference), AirMatch.estimate(heard, reference, predicted));
        };
        return apply(models, manifest, task, SECOND_STAGE, step, choice, "read " + (same ? "the settings" : "the air and the ratio")
                + " of %d model%s predictions of %d rows from their pairs (second stage"
                + (choice == null ? ")" : "; the ensemble's kept, or a member's that explains the pair better)"), log);
    }

    /** What a stage does with one row's audio: what it may compute once for every model's prediction, then each. */
    private interface Step {
        UnaryOperator<MixSettings> forRow(Audio heard, Audio reference);
    }

    /** After every model's step on a row: may replace a model's answer (normalised, one per model) with another's. */
    private interface Choice {
        void apply(Audio heard, Audio reference, double[][] answers);
    }

    /**
     * {@code step} on every model's prediction of every row, named with {@code suffix}; each row's audio is read once for
     * all models, rows in parallel (each row's result is the same however they are scheduled).
     */
    private static List<Predictions> apply(List<Predictions> models, Manifest manifest, Task task, String suffix, Step step, Choice choice,
                                           String done, Consumer<String> log) throws IOException {
        if (models.isEmpty()) return List.of();
        Predictions first = models.get(0);
        for (Predictions p : models) first.requireSameExamples(p);
        Map<String, Example> byId = new HashMap<>();
        for (Example e : manifest.examples()) byId.put(e.id(), e);
        double[][][] stepped = new double[models.size()][first.size()][];
        long t0 = System.nanoTime();
        try {
            IntStream.range(0, first.size()).parallel().forEach(i -> {
                String id = first.exampleIds().get(i);
                Example e = byId.get(id);
                if (e == null) throw new UncheckedIOException(new IOException(manifest.file() + ": no example '" + id + "'"));
                Audio heard, reference;
                try {
                    heard = manifest.readAudio(e, "audio");
                    reference = task.hasReference() ? manifest.readAudio(e, Manifest.REFERENCE) : null;
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                double[][] answers = new double[models.size()][];
                UnaryOperator<MixSettings> row = step.forRow(heard, reference);
                for (int m = 0; m < models.size(); m++) {
                    MixSettings settings = row.apply(models.get(m).predictedSettings(i));
                    answers[m] = Predictions.clamp(new double[][] {settings.normalized()})[0]; // the scale's round trip may step past 1 by a bit
                }
                if (choice != null) choice.apply(heard, reference, answers);
                for (int m = 0; m < models.size(); m++) stepped[m][i] = answers[m];
            });
        } catch (UncheckedIOException ex) {
            throw ex.getCause();
        }
        log.accept(String.format(Locale.ROOT, done + " (%.1f s)", models.size(), models.size() == 1 ? "'s" : "s'", first.size(),
                (System.nanoTime() - t0) / 1e9));
        List<Predictions> out = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) out.add(models.get(m).withPredictions(models.get(m).model() + suffix, stepped[m]));
        return out;
    }
}

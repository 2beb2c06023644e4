package mixer.evaluation.report;

import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.AudioMetrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rows a model does worst on, two ways: by parameter error (the row's MAE over its 10 settings), and
 * by its mix against the raw input (the mix's STFT distance from the original over the raw input's:
 * above 1, the mix is further from the original than doing nothing). The mean says little about the
 * worst song, and one bad mix is what a user hears.
 */
final class WorstTracks {

    /** Rows listed per model. */
    static final int COUNT = 5;

    /**
     * A row by its parameter error.
     *
     * @param worst the parameter with the largest error; {@code predicted} and {@code truth} its physical values
     */
    record ByMae(String exampleId, double mae, Param worst, double predicted, double truth) {
    }

    /** A row by its mix: {@code ratio} is the mix's distance over the raw input's. */
    record ByMix(String exampleId, double mixDistance, double rawDistance, double loudnessErrorLu) {
        double ratio() {
            return mixDistance / rawDistance;
        }
    }

    private WorstTracks() {
    }

    /** The {@link #COUNT} rows with the largest MAE, largest first. */
    static List<ByMae> byMae(Predictions p) {
        List<ByMae> rows = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            double sum = 0, worstError = -1;
            Param worst = null;
            for (Param q : Param.all()) {
                double e = Math.abs(p.predicted(i, q) - p.truth(i, q));
                sum += e;
                if (e > worstError) {
                    worstError = e;
                    worst = q;
                }
            }
            rows.add(new ByMae(p.exampleIds().get(i), sum / Param.COUNT, worst, worst.toPhysical(p.predicted(i, worst)),
                    worst.toPhysical(p.truth(i, worst))));
        }
        rows.sort(Comparator.comparingDouble(ByMae::mae).reversed());
        return rows.subList(0, Math.min(COUNT, rows.size()));
    }

    /**
     * The {@link #COUNT} rows whose mix is furthest from the original relative to the raw input, worst first; none for a
     * model whose mixes were not rendered (a first look renders the ensemble's only).
     */
    static List<ByMix> byMix(AudioEvaluation audio, String model) {
        if (!audio.models().contains(model)) return List.of();
        List<AudioEvaluation.Row> mixes = audio.rows(model), raw = audio.rows(AudioEvaluation.DO_NOTHING);
        List<ByMix> rows = new ArrayList<>();
        for (int i = 0; i < mixes.size(); i++) {
            AudioMetrics.Score s = mixes.get(i).score();
            rows.add(new ByMix(mixes.get(i).exampleId(), s.stftDistance(), raw.get(i).score().stftDistance(), s.loudnessErrorLu()));
        }
        rows.sort(Comparator.comparingDouble(ByMix::ratio).reversed());
        return rows.subList(0, Math.min(COUNT, rows.size()));
    }
}

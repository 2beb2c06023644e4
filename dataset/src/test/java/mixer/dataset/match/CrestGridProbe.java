package mixer.dataset.match;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dsp.Audio;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link CrestMatch}'s cost against its grid: the ratio's MAE on a match-other dataset's validation rows, read on grids
 * of input gain steps x ratio steps from a model's predictions after {@link AirMatch} (an evaluation's predictions.csv,
 * model "ensemble + second stage" of a run without the crest stage), and the seconds each grid took.
 * {@code ./mvnw -o -B -q -pl dataset test -Dtest=CrestGridProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.crestgrid=MANIFEST -Dmixer.probe.predictions=PREDICTIONS.csv}
 */
@EnabledIfSystemProperty(named = "mixer.probe.crestgrid", matches = ".+")
class CrestGridProbe {

    static final int[][] GRIDS = {{24, 12}, {12, 12}, {8, 12}, {6, 12}, {12, 6}};

    @Test
    void probe() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.crestgrid")));
        Map<String, double[]> predicted = CrestMatchProbe.predictionsAsAsked();
        List<Example> rows = manifest.split(Split.VALIDATION);
        int ri = Param.COMP_RATIO.ordinal();
        double[] error = new double[GRIDS.length], seconds = new double[GRIDS.length];
        double before = 0;
        for (Example row : rows) {
            Audio x = manifest.readAudio(row, "audio"), y = manifest.readAudio(row, Manifest.REFERENCE);
            MixSettings p = MixSettings.ofNormalized(predicted.get(row.id()));
            double truth = row.targets()[ri];
            before += Math.abs(p.normalized(Param.COMP_RATIO) - truth);
            StringBuilder line = new StringBuilder(row.id());
            for (int k = 0; k < GRIDS.length; k++) {
                long t0 = System.nanoTime();
                CrestMatch.Trials trials = CrestMatch.trials(List.of(x), GRIDS[k][0], GRIDS[k][1]);
                double found = CrestMatch.estimate(trials, List.of(y), p).normalized(Param.COMP_RATIO);
                seconds[k] += (System.nanoTime() - t0) / 1e9;
                error[k] += Math.abs(found - truth);
                line.append(String.format(Locale.ROOT, " %.3f", found));
            }
            System.out.println(line.append(String.format(Locale.ROOT, " truth %.3f", truth)));
        }
        int n = rows.size();
        System.out.printf(Locale.ROOT, "%d rows: ratio as predicted %.4f%n", n, before / n);
        for (int k = 0; k < GRIDS.length; k++) {
            System.out.printf(Locale.ROOT, "grid %2d x %2d: ratio %.4f, %.2f s a row%n", GRIDS[k][0], GRIDS[k][1], error[k] / n, seconds[k] / n);
        }
    }
}

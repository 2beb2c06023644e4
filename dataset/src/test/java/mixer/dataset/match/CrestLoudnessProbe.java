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
 * Whether {@link CrestMatch}'s new ratio should keep the mix's loudness: a lower ratio compresses less, so with the
 * output level kept the mix comes out louder than at the network's settings. On a match-other dataset's validation rows,
 * from a model's predictions after {@link AirMatch} (an evaluation's predictions.csv of a run without the crest stage):
 * the ratio read, then the output level moved by k times the loudness the new ratio adds (k = 0, 0.5, 1); the output
 * level's and the overall MAE, and the mix's loudness error against the true mix of the input crop.
 * {@code ./mvnw -o -B -q -pl dataset test -Dtest=CrestLoudnessProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.crestloudness=MANIFEST -Dmixer.probe.predictions=PREDICTIONS.csv}
 */
@EnabledIfSystemProperty(named = "mixer.probe.crestloudness", matches = ".+")
class CrestLoudnessProbe {

    static final double[] KEEP = {0, 0.5, 1};

    @Test
    void probe() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.crestloudness")));
        Map<String, double[]> predicted = CrestMatchProbe.predictionsAsAsked();
        List<Example> rows = manifest.split(Split.VALIDATION);
        Param out = Param.OUTPUT_LEVEL_DB;
        int oi = out.ordinal();
        double lowDb = out.toPhysical(0), highDb = out.toPhysical(1);
        // [as predicted, then each KEEP]: output level MAE, overall MAE, |loudness error| LU
        double[][] sum = new double[KEEP.length + 1][3];
        for (Example row : rows) {
            Audio x = manifest.readAudio(row, "audio"), y = manifest.readAudio(row, Manifest.REFERENCE);
            MixSettings before = MixSettings.ofNormalized(predicted.get(row.id()));
            MixSettings read = CrestMatch.estimate(x, y, before);
            double[] truth = row.targets();
            double trueLufs = lufs(x, MixSettings.ofNormalized(truth));
            double beforeLufs = lufs(x, before), readLufs = lufs(x, read);
            score(sum[0], before, truth, beforeLufs - trueLufs);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-48s adds %+.2f LU", row.id(), readLufs - beforeLufs));
            for (int k = 0; k < KEEP.length; k++) {
                double db = Math.max(lowDb, Math.min(highDb, read.get(out) - KEEP[k] * (readLufs - beforeLufs)));
                MixSettings kept = read.with(out, db);
                double keptLufs = KEEP[k] == 0 ? readLufs : lufs(x, kept);
                score(sum[k + 1], kept, truth, keptLufs - trueLufs);
                line.append(String.format(Locale.ROOT, " | k %.1f out %.3f err %+.2f LU", KEEP[k], kept.normalized(out), keptLufs - trueLufs));
            }
            System.out.println(line.append(String.format(Locale.ROOT, " | true out %.3f, before %.3f, err %+.2f", truth[oi],
                    before.normalized(out), beforeLufs - trueLufs)));
        }
        int n = rows.size();
        System.out.printf(Locale.ROOT, "%d rows: output level MAE, overall MAE, |loudness error| LU%n", n);
        System.out.printf(Locale.ROOT, "air only         %.4f  %.4f  %.3f%n", sum[0][0] / n, sum[0][1] / n, sum[0][2] / n);
        for (int k = 0; k < KEEP.length; k++) {
            System.out.printf(Locale.ROOT, "crest, keep %.1f  %.4f  %.4f  %.3f%n", KEEP[k], sum[k + 1][0] / n, sum[k + 1][1] / n, sum[k + 1][2] / n);
        }
    }

    static void score(double[] into, MixSettings s, double[] truth, double loudnessErrorLu) {
        double[] q = s.normalized();
        double all = 0;
        for (int j = 0; j < q.length; j++) all += Math.abs(q[j] - truth[j]);
        into[0] += Math.abs(q[Param.OUTPUT_LEVEL_DB.ordinal()] - truth[Param.OUTPUT_LEVEL_DB.ordinal()]);
        into[1] += all / q.length;
        into[2] += Math.abs(loudnessErrorLu);
    }

    /** The integrated loudness of {@code x} mixed with {@code settings}, as {@link CrestMatch} measures it. */
    static double lufs(Audio x, MixSettings settings) {
        return CrestMatch.integratedLufs(List.of(x), settings);
    }
}

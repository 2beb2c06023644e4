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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link CrestDistributionProbe}'s reading on a match-other dataset's rows with a real model's predictions: the input
 * gain and ratio read from the crest distributions (the reference's later stages undone with the model's settings),
 * blended with the model's by a weight w, the output level as predicted or moved to keep the predicted sum of input gain
 * and output level. MAE of the three and overall, per w.
 * {@code ./mvnw -o -B -q -pl dataset test -Dtest=CrestMatchProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.crestmatch=MANIFEST -Dmixer.probe.predictions=PREDICTIONS.csv -Dmixer.probe.model="ensemble + second stage"
 * -Dmixer.probe.split=validation}
 * Measured 2026-12-05 on the 96 validation rows (12 tracks) of the match-other models of the clean-clone reproduce at
 * 0f971aa, with the ensemble's predictions after its second stage (`mixer evaluate --split validation`; ratio 0.259,
 * input gain 0.187, output level 0.134, overall 0.1055): the ratio read on the 25 x 13 grid is <b>0.219</b> alone,
 * <b>0.191</b> blended evenly with the ensemble's (0.187 at 0.6, 0.212 at 0.3), better on 10 of the 12 tracks, paired
 * over tracks -0.069 [-0.101, -0.027]; overall 0.1055 -> 0.0987 with the input gain and output level kept. The input
 * gain read with it only loses (0.205 blended evenly; 0.293 alone: the grid's input gain absorbs how the two crops'
 * crests differ, which is what frees the ratio), and moving the output level to keep the predicted sum loses more. The
 * ratio searched alone at the ensemble's input gain ({@code -Dmixer.probe.variant=ratio}, 25 ratios): 0.235 alone,
 * 0.204 blended evenly (on the first 44 rows 0.249 against the grid's 0.214). Not yet built into the workbench.
 * How much the compressor moves on the input at the ensemble's settings ({@code -Dmixer.probe.rows=} an earlier run's
 * output: its readings, with that diagnostic) tells where crest reads well: 4-8 dB (50 rows) 0.144 against the ensemble's
 * 0.261, under 1 dB (17 rows) 0.342 against 0.285; yet blending only where it moves 1, 2 or 4 dB or more gives 0.200,
 * 0.211, 0.207: the even blend everywhere (0.191) stays best.
 */
@EnabledIfSystemProperty(named = "mixer.probe.crestmatch", matches = ".+")
class CrestMatchProbe {

    static final double[] WEIGHTS = {0, 0.25, 0.5, 0.75, 1};
    static final boolean RATIO_ONLY = "ratio".equals(System.getProperty("mixer.probe.variant"));

    @Test
    void probe() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.crestmatch")));
        String model = System.getProperty("mixer.probe.model", "ensemble + second stage");
        Map<String, double[]> predicted = predictions(Path.of(System.getProperty("mixer.probe.predictions")), model);
        List<Example> rows = manifest.split(Split.valueOf(System.getProperty("mixer.probe.split", "validation").toUpperCase(Locale.ROOT)));
        int gi = Param.INPUT_GAIN_DB.ordinal(), ri = Param.COMP_RATIO.ordinal(), oi = Param.OUTPUT_LEVEL_DB.ordinal();
        // [w][kept sum?][input gain, ratio, output level, overall]
        double[][][] sum = new double[WEIGHTS.length][2][4];
        int n = 0;
        Map<String, double[]> read = System.getProperty("mixer.probe.rows") == null ? null : readings(Path.of(System.getProperty("mixer.probe.rows")));
        StringBuilder lines = new StringBuilder("id,true_in,true_ratio,true_out,pred_in,pred_ratio,pred_out,crest_in,crest_ratio,moves_db\n");
        for (Example row : rows) {
            double[] p = predicted.get(row.id());
            if (p == null) throw new IllegalStateException("no prediction of " + model + " for " + row.id());
            Audio x = manifest.readAudio(row, "audio"), y = manifest.readAudio(row, Manifest.REFERENCE);
            double[] crest;
            if (read != null) { // the readings of an earlier run, for its rows' diagnostics
                crest = read.get(row.id());
            } else {
                double[] target = CrestDistributionProbe.crestQuantiles(GainStructure.laterStagesUndone(y, MixSettings.ofNormalized(p)));
                // "ratio": the ratio alone, searched at the model's input gain over 25 ratios; else both on a 25 x 13 grid
                crest = RATIO_ONLY ? CrestDistributionProbe.estimate(x, target, p[gi], 24) : CrestDistributionProbe.estimate(x, target);
            }
            // how much the compressor would move on the input at the model's settings: a confidence the mix can know
            double movesDb = CrestDistributionProbe.reductionRangeDb(x, MixSettings.ofNormalized(p));
            double[] truth = row.targets();
            for (int w = 0; w < WEIGHTS.length; w++) {
                for (int keep = 0; keep < 2; keep++) {
                    double[] q = p.clone();
                    q[gi] = WEIGHTS[w] * crest[0] + (1 - WEIGHTS[w]) * p[gi];
                    q[ri] = WEIGHTS[w] * crest[1] + (1 - WEIGHTS[w]) * p[ri];
                    if (keep == 1) q[oi] = Math.max(0, Math.min(1, p[oi] + p[gi] - q[gi])); // both span +-12 dB
                    sum[w][keep][0] += Math.abs(q[gi] - truth[gi]);
                    sum[w][keep][1] += Math.abs(q[ri] - truth[ri]);
                    sum[w][keep][2] += Math.abs(q[oi] - truth[oi]);
                    double all = 0;
                    for (int j = 0; j < q.length; j++) all += Math.abs(q[j] - truth[j]);
                    sum[w][keep][3] += all / q.length;
                }
            }
            n++;
            lines.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.2f%n", row.id(), truth[gi], truth[ri], truth[oi],
                    p[gi], p[ri], p[oi], crest[0], crest[1], movesDb));
            System.out.printf(Locale.ROOT, "%-48s true %.2f %.2f %.2f | model %.2f %.2f %.2f | crest %.2f %.2f%n", row.id(), truth[gi],
                    truth[ri], truth[oi], p[gi], p[ri], p[oi], crest[0], crest[1]);
        }
        String out = System.getProperty("mixer.probe.out");
        if (out != null) Files.writeString(Path.of(out), lines);
        System.out.printf(Locale.ROOT, "%s, %d rows: w, output level kept/moved: input gain, ratio, output level, overall%n", model, n);
        for (int w = 0; w < WEIGHTS.length; w++) {
            for (int keep = 0; keep < 2; keep++) {
                System.out.printf(Locale.ROOT, "w %.2f %-5s  %.4f  %.4f  %.4f  %.4f%n", WEIGHTS[w], keep == 0 ? "kept" : "sum",
                        sum[w][keep][0] / n, sum[w][keep][1] / n, sum[w][keep][2] / n, sum[w][keep][3] / n);
            }
        }
    }

    /** {input gain, ratio} read by an earlier run, by example id, from its {@code mixer.probe.out} file. */
    static Map<String, double[]> readings(Path csv) throws IOException {
        Map<String, double[]> out = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            out.put(f[0], new double[] {Double.parseDouble(f[7]), Double.parseDouble(f[8])});
        }
        return out;
    }

    /** {@link #predictions(Path, String)} of {@code -Dmixer.probe.predictions} and {@code -Dmixer.probe.model} (default the ensemble's after its second stage). */
    static Map<String, double[]> predictionsAsAsked() throws IOException {
        return predictions(Path.of(System.getProperty("mixer.probe.predictions")), System.getProperty("mixer.probe.model", "ensemble + second stage"));
    }

    /** One model's normalised predictions by example id, from an evaluation's predictions.csv. */
    static Map<String, double[]> predictions(Path csv, String model) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int first = header.indexOf("pred_" + Param.all().get(0).id);
        Map<String, double[]> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (!f[0].equals(model)) continue;
            double[] p = new double[Param.COUNT];
            for (int j = 0; j < p.length; j++) p[j] = Double.parseDouble(f[first + j]);
            out.put(f[1], p);
        }
        return out;
    }
}

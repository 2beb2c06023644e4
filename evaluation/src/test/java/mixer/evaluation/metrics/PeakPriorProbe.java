package mixer.evaluation.metrics;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.loudness.TruePeakMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import mixer.evaluation.PredictionsCsv;
import mixer.evaluation.ProbeAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Blind restore: whether the total gain (input gain + output level) is read better from how high the mix peaks than
 * by the networks. Finished tracks peak near full scale more consistently than they are loud (hypothesis: the
 * training tracks' true peaks spread less about their median than their loudness does), and rendering the raw input
 * with the predicted settings undoes the inverse compressor's boost of the peaks; so the mix's true peak against the
 * training tracks' median says how far the predicted total is off. Each variant moves the total by a share k of that
 * excess (a share for mixes peaking above the median, another for those below), on the output level, the input gain or
 * both, within their ranges. On the validation split only (never the test
 * split). Not part of the normal test run:
 * {@code ./mvnw -B -o -q -pl evaluation test -Dtest=PeakPriorProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.predictions=VALIDATION-REPORT/results/predictions.csv -Dmixer.probe.manifest=data/dataset/manifest.csv}
 */
@EnabledIfSystemProperty(named = "mixer.probe.predictions", matches = ".+")
class PeakPriorProbe {

    private static final List<String> MODELS = List.of("ensemble + refine");
    /**
     * {share of the peak excess taken off the total where the mix peaks above the median, the share where below, the
     * input gain's part of it}.
     */
    private static final double[][] SHARES = {{0, 0, 0}, {0.5, 0.5, 0.5}, {0.5, 0.5, 0}, {0.75, 0.75, 0}, {1, 1, 0}, {0.5, 0.5, 1},
            {0.75, 0.75, 0.25}, {0.75, 0.75, 0.5}, {0.75, 0.5, 0}, {0.75, 0.25, 0}, {1, 0.5, 0}, {0.75, 0, 0}};

    @Test
    void peakPriorOnValidation() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.manifest")));
        double[][] trained = manifest.examples().stream().filter(e -> e.split() == Split.TRAIN).parallel()
                .map(e -> ProbeAudio.read(manifest, e, "audio"))
                .map(a -> new double[] {TruePeakMeter.measureDbtp(a), AudioMetrics.integratedLufs(a)})
                .filter(v -> Double.isFinite(v[0]) && Double.isFinite(v[1])).toArray(double[][]::new);
        double[] peaks = Arrays.stream(trained).mapToDouble(v -> v[0]).sorted().toArray();
        double[] lufs = Arrays.stream(trained).mapToDouble(v -> v[1]).sorted().toArray();
        double medPeak = peaks[peaks.length / 2], medLufs = lufs[lufs.length / 2];
        System.out.printf(Locale.ROOT, "training tracks: %d; true peak median %.2f dBTP, mean abs. deviation %.2f dB; loudness median %.2f LUFS,"
                        + " mean abs. deviation %.2f LU%n", peaks.length, medPeak, meanAbsDev(peaks, medPeak), medLufs, meanAbsDev(lufs, medLufs));

        Param in = Param.INPUT_GAIN_DB, out = Param.OUTPUT_LEVEL_DB;
        for (Predictions p : PredictionsCsv.read(Path.of(System.getProperty("mixer.probe.predictions")))) {
            if (!MODELS.contains(p.model())) continue;
            int n = p.size();
            double[] sumErr = new double[n], peakExcess = new double[n], lufsExcess = new double[n];
            double[][][] scores = new double[n][][]; // row, share, {in MAE, out MAE, |sum error| dB, distance, closer, overall MAE}
            IntStream.range(0, n).parallel().forEach(i -> {
                Example e = manifest.example(p.exampleIds().get(i));
                Audio heard = ProbeAudio.read(manifest, e, "audio");
                AudioMetrics metrics = new AudioMetrics(heard, ProbeAudio.read(manifest, e, "source"));
                MixSettings predicted = p.predictedSettings(i);
                Audio mix = Renderer.render(heard, predicted, false);
                double trueSum = in.toPhysical(p.truth(i, in)) + out.toPhysical(p.truth(i, out));
                sumErr[i] = predicted.get(in) + predicted.get(out) - trueSum;
                peakExcess[i] = TruePeakMeter.measureDbtp(mix) - medPeak;
                lufsExcess[i] = AudioMetrics.integratedLufs(mix) - medLufs;
                scores[i] = new double[SHARES.length][];
                for (int s = 0; s < SHARES.length; s++) {
                    double move = -SHARES[s][peakExcess[i] > 0 ? 0 : 1] * peakExcess[i], toIn = SHARES[s][2];
                    MixSettings moved = predicted.with(in, in.clamp(predicted.get(in) + toIn * move)).with(out, out.clamp(predicted.get(out) + (1 - toIn) * move));
                    AudioMetrics.Score score = metrics.scoreMix(Renderer.render(heard, moved, false));
                    double overall = 0;
                    for (Param q : Param.all()) overall += Math.abs(moved.normalized(q) - p.truth(i, q));
                    scores[i][s] = new double[] {Math.abs(moved.normalized(in) - p.truth(i, in)), Math.abs(moved.normalized(out) - p.truth(i, out)),
                            Math.abs(moved.get(in) + moved.get(out) - trueSum), score.stftDistance(), score.closerThanInput() ? 1 : 0,
                            overall / Param.all().size()};
                }
            });
            double meanIn = 0, meanOut = 0;
            for (int i = 0; i < n; i++) {
                meanIn += Math.abs(0.5 - p.truth(i, in)) / n;
                meanOut += Math.abs(0.5 - p.truth(i, out)) / n;
            }
            System.out.printf(Locale.ROOT, "%s (%d validation rows): total gain error mean abs. %.2f dB; its correlation with the mix's peak excess %.2f,"
                            + " with its loudness excess %.2f; |peak excess| %.2f dB; the middle's MAE input gain %.4f, output level %.4f%n",
                    p.model(), n, meanAbs(sumErr), correlation(sumErr, peakExcess), correlation(sumErr, lufsExcess), meanAbs(peakExcess), meanIn, meanOut);
            for (int s = 0; s < SHARES.length; s++) {
                double[] m = new double[6];
                for (double[][] row : scores) for (int k = 0; k < 6; k++) m[k] += row[s][k] / n;
                System.out.printf(Locale.ROOT, "  share %.2f above, %.2f below (%.2f of it on the input gain): input gain %.4f (skill %.3f), output level %.4f (skill %.3f), |total error| %.2f dB,"
                                + " MR-STFT %.3f, closer %.1f %%, overall %.4f%n",
                        SHARES[s][0], SHARES[s][1], SHARES[s][2], m[0], 1 - m[0] / meanIn, m[1], 1 - m[1] / meanOut, m[2], m[3], 100 * m[4], m[5]);
            }
        }
    }

    private static double meanAbsDev(double[] v, double centre) {
        return Arrays.stream(v).map(x -> Math.abs(x - centre)).average().orElse(Double.NaN);
    }

    private static double meanAbs(double[] v) {
        return Arrays.stream(v).map(Math::abs).average().orElse(Double.NaN);
    }

    private static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0), mb = Arrays.stream(b).average().orElse(0), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}

package mixer.evaluation;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.match.PairFit;
import mixer.dataset.match.SecondStage;
import mixer.dsp.Audio;
import mixer.dsp.params.MixSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Match same: how far render(raw, estimate) stays from the mix when the mix is the raw take's (the validation rows, the
 * ensemble with its second stage), and when it is not (the raw take of one row against the mix of another track's row,
 * cut to one length, the second stage started from the first row's network prediction), with the distance
 * `mixer estimate` prints ({@link PairFit}): where its warning that a pair is not a take and its mix is set
 * ({@link PairFit#UNEXPLAINED}). Validation split only. Not part of the normal test run:
 * {@code ./mvnw -B -o -q -pl evaluation test -Dtest=PairFitProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.predictions=VALIDATION-REPORT/results/predictions.csv -Dmixer.probe.manifest=data/dataset-match-same/manifest.csv}
 */
@EnabledIfSystemProperty(named = "mixer.probe.predictions", matches = ".+")
class PairFitProbe {

    @Test
    void distancesOfRelatedAndUnrelatedPairs() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.manifest")));
        Predictions network = null, staged = null;
        for (Predictions p : PredictionsCsv.read(Path.of(System.getProperty("mixer.probe.predictions")))) {
            if (p.model().equals("ensemble")) network = p;
            if (p.model().equals("ensemble" + Refinement.SECOND_STAGE)) staged = p;
        }
        Predictions net = network, st = staged;
        int n = st.size();
        double[][] out = new double[n][]; // {related: raw, estimate; unrelated: raw, estimate}
        IntStream.range(0, n).parallel().forEach(i -> {
            Example e = manifest.example(st.exampleIds().get(i));
            int j = (i + n / 2) % n; // another track's row (tracks' rows are consecutive)
            Example other = manifest.example(st.exampleIds().get(j));
            if (st.trackIds().get(j).equals(st.trackIds().get(i))) throw new IllegalStateException("same track: " + e.id() + ", " + other.id());
            Audio raw = ProbeAudio.read(manifest, e, "audio"), mixed = ProbeAudio.read(manifest, e, Manifest.REFERENCE);
            Audio foreign = ProbeAudio.read(manifest, other, Manifest.REFERENCE);
            double[] d = new double[4];
            PairFit.Fit related = PairFit.of(raw, mixed, st.predictedSettings(i));
            d[0] = related.before();
            d[1] = related.left();
            if (foreign.sampleRateHz() == raw.sampleRateHz()) {
                int frames = Math.min(raw.frames(), foreign.frames());
                Audio x = raw.slice(0, frames), y = foreign.slice(0, frames);
                MixSettings estimate = SecondStage.estimate(x, y, net.predictedSettings(i));
                PairFit.Fit unrelated = PairFit.of(x, y, estimate);
                d[2] = unrelated.before();
                d[3] = unrelated.left();
            } else {
                d[2] = d[3] = Double.NaN;
            }
            out[i] = d;
            System.out.printf(Locale.ROOT, "%-48s related raw %.3f estimate %.4f | unrelated raw %.3f estimate %.3f%n",
                    e.id(), d[0], d[1], d[2], d[3]);
        });
        String[] names = {"related, raw", "related, estimate", "unrelated, raw", "unrelated, estimate"};
        for (int k = 0; k < 4; k++) {
            int col = k;
            double[] v = Arrays.stream(out).mapToDouble(d -> d[col]).filter(Double::isFinite).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-20s n %d: min %.4f, 10th %.4f, median %.4f, 90th %.4f, max %.4f%n", names[k], v.length,
                    v[0], q(v, 0.1), q(v, 0.5), q(v, 0.9), v[v.length - 1]);
        }
        double[] ratioRelated = Arrays.stream(out).mapToDouble(d -> d[1] / d[0]).sorted().toArray();
        double[] ratioUnrelated = Arrays.stream(out).mapToDouble(d -> d[3] / d[2]).filter(Double::isFinite).sorted().toArray();
        System.out.printf(Locale.ROOT, "estimate / raw, related: median %.4f, 90th %.4f, max %.4f; unrelated: min %.4f, 10th %.4f, median %.4f%n",
                q(ratioRelated, 0.5), q(ratioRelated, 0.9), ratioRelated[ratioRelated.length - 1],
                ratioUnrelated[0], q(ratioUnrelated, 0.1), q(ratioUnrelated, 0.5));
    }

    private static double q(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }
}

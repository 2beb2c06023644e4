package mixer.dataset;

import mixer.dataset.features.Descriptors;
import mixer.dsp.Audio;
import mixer.dsp.chain.MixChain;
import mixer.dsp.io.AudioReader;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.stages.FeedbackCompressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a compressor design does to blind restore's two conflicting wishes (issue 14): the share of restore
 * examples in which the inverse compressor is pinned at its cap or idle, and how well the input gain, the
 * ratio and the output level can be read from the input x (the descriptor vector, version 2, fitted leaving
 * one track out by ridge and by k nearest neighbours). The same 38 probe tracks and training-style windows
 * as {@link DescriptorProbe}; the shares of the forward direction (the compressor on a raw crop after the
 * input gain, as in the match tasks) beside them. The design is the code's: edit
 * {@link FeedbackCompressor}'s constants and run again. Not part of the normal test run:
 * {@code nice ./mvnw -B -o -q -pl dataset -am test -Dtest=CompressorDesignProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.corpus=/work/main/data/corpus [-Dmixer.probe.examples=16]}
 */
@EnabledIfSystemProperty(named = "mixer.probe.corpus", matches = ".+")
class CompressorDesignProbe {

    private static final Param[] GAINS = {Param.INPUT_GAIN_DB, Param.COMP_RATIO, Param.OUTPUT_LEVEL_DB};
    private static final int NEIGHBOURS = 15;

    @Test
    void probe() throws IOException {
        Path corpus = Path.of(System.getProperty("mixer.probe.corpus"));
        int perTrack = Integer.getInteger("mixer.probe.examples", 16);
        List<Path> tracks = DescriptorProbe.probeTracks(corpus);
        List<double[]> features = new ArrayList<>(), targets = new ArrayList<>();
        List<Integer> trackOf = new ArrayList<>();
        List<Boolean> active = new ArrayList<>();
        int pinned = 0, idle = 0, forwardPinned = 0, forwardIdle = 0, n = 0;
        for (int t = 0; t < tracks.size(); t++) {
            Audio audio = AudioReader.read(tracks.get(t)).audio();
            int rate = audio.sampleRateHz();
            for (int k = 0; k < perTrack; k++) {
                DescriptorProbe.Draw draw = DescriptorProbe.Draw.of(audio, t, k);
                MixSettings p = draw.settings();
                Audio crop = draw.crop(), window = draw.input();
                FeedbackCompressor.Activity restore = MixChain.compressorActivity(window, p);
                // the forward direction: the raw crop through the input gain into the compressor (its first second discarded)
                FeedbackCompressor.Activity forward = MixChain.compressorActivity(crop, p);
                n++;
                if (restore.pinned()) pinned++;
                if (restore.idle()) idle++;
                if (forward.pinned()) forwardPinned++;
                if (forward.idle()) forwardIdle++;
                float[] v = Descriptors.compute(window, 2);
                double[] f = new double[v.length];
                for (int j = 0; j < v.length; j++) f[j] = v[j];
                features.add(f);
                double[] normalised = MixChain.applicable(p, rate).normalized();
                double[] y = new double[GAINS.length];
                for (int g = 0; g < GAINS.length; g++) y[g] = normalised[GAINS[g].ordinal()];
                targets.add(y);
                trackOf.add(t);
                active.add(!restore.pinned() && !restore.idle());
            }
        }
        double[][] x = features.toArray(double[][]::new), y = targets.toArray(double[][]::new);
        int[] track = trackOf.stream().mapToInt(Integer::intValue).toArray();
        double[] mean = Ridge.leaveOneTrackOut(new double[y.length][0], y, track, 1);
        double[][] heldOut = Ridge.heldOutPredictions(x, y, track, 1);
        double[] ridge = Ridge.mae(heldOut, y);
        double[] knn = nearestNeighbours(x, y, track);
        boolean[] works = new boolean[y.length];
        for (int i = 0; i < works.length; i++) works[i] = active.get(i);
        double[] meanWorks = new double[GAINS.length], ridgeWorks = new double[GAINS.length], meanOf = new double[GAINS.length];
        int worksN = 0;
        for (double[] row : y) for (int g = 0; g < GAINS.length; g++) meanOf[g] += row[g] / y.length;
        for (int i = 0; i < y.length; i++) {
            if (!works[i]) continue;
            worksN++;
            for (int g = 0; g < GAINS.length; g++) {
                ridgeWorks[g] += Math.abs(heldOut[i][g] - y[i][g]);
                meanWorks[g] += Math.abs(meanOf[g] - y[i][g]);
            }
        }
        // through a method, not the constants: a constant is compiled into this class and would print the last design it saw
        System.out.printf(Locale.ROOT, "design: threshold %.1f dBFS at a program level of -24 dBFS, following it %.2f dB per dB%n",
                FeedbackCompressor.thresholdDb(-24), FeedbackCompressor.thresholdDb(-23) - FeedbackCompressor.thresholdDb(-24));
        System.out.printf(Locale.ROOT, "%d restore examples: pinned %.1f %%, idle %.1f %%, together %.1f %%; forward: pinned %.1f %%, idle %.1f %%%n",
                n, 100.0 * pinned / n, 100.0 * idle / n, 100.0 * (pinned + idle) / n, 100.0 * forwardPinned / n, 100.0 * forwardIdle / n);
        System.out.println("| setting | training mean | ridge (skill) | 15 neighbours (skill) | ridge skill where the compressor works (" + worksN + ") |");
        System.out.println("|---|--:|--:|--:|--:|");
        for (int g = 0; g < GAINS.length; g++) {
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f (%.2f) | %.3f (%.2f) | %.2f |%n", GAINS[g].id, mean[g], ridge[g],
                    1 - ridge[g] / mean[g], knn[g], 1 - knn[g] / mean[g], 1 - ridgeWorks[g] / meanWorks[g]);
        }
    }

    /** MAE per target of the median of the k nearest other-track examples (standardised features, Euclidean). */
    private static double[] nearestNeighbours(double[][] x, double[][] y, int[] track) {
        int n = x.length, d = x[0].length;
        double[][] z = new double[n][d];
        for (int j = 0; j < d; j++) {
            double m = 0, s = 0;
            for (double[] row : x) m += row[j] / n;
            for (double[] row : x) s += (row[j] - m) * (row[j] - m) / n;
            double sd = s > 1e-12 ? Math.sqrt(s) : 1;
            for (int i = 0; i < n; i++) z[i][j] = (x[i][j] - m) / sd;
        }
        double[] mae = new double[y[0].length];
        for (int i = 0; i < n; i++) {
            double[] dist = new double[n];
            Integer[] order = new Integer[n];
            for (int o = 0; o < n; o++) {
                order[o] = o;
                double s = 0;
                for (int j = 0; j < d; j++) s += (z[i][j] - z[o][j]) * (z[i][j] - z[o][j]);
                dist[o] = track[o] == track[i] ? Double.POSITIVE_INFINITY : s;
            }
            Arrays.sort(order, (a, b) -> Double.compare(dist[a], dist[b]));
            for (int g = 0; g < mae.length; g++) {
                double[] near = new double[NEIGHBOURS];
                for (int k = 0; k < NEIGHBOURS; k++) near[k] = y[order[k]][g];
                Arrays.sort(near);
                mae[g] += Math.abs(near[NEIGHBOURS / 2] - y[i][g]) / n;
            }
        }
        return mae;
    }
}

package mixer.dataset;

import mixer.dataset.features.Descriptors;
import mixer.dataset.features.FeatureConfig;
import mixer.dsp.Audio;
import mixer.dsp.analysis.WholeSpectrum;
import mixer.dsp.chain.MixChain;
import mixer.dsp.io.AudioReader;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * How much each descriptor version tells about the settings: restore examples of a probe of the corpus's
 * training tracks (every 4th, 38 of 154), each a training-style window (1 s pre-roll, all ten settings
 * drawn at random), scored by the correlation of each descriptor with each setting and by a ridge
 * regression fitted leaving one track out. Not part of the normal test run:
 * {@code nice ./mvnw -B -o -q -pl dataset -am test -Dtest=DescriptorProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.corpus=/work/main/data/corpus [-Dmixer.probe.examples=16] [-Dmixer.probe.csv=FILE]}
 */
@EnabledIfSystemProperty(named = "mixer.probe.corpus", matches = ".+")
class DescriptorProbe {

    private static final int TRACKS = 38;
    private static final double RIDGE = 1.0;

    record Example(int track, double[] targets, float[] v1, float[] v2, double[] correlogram) {
    }

    @Test
    void probe() throws IOException {
        Path corpus = Path.of(System.getProperty("mixer.probe.corpus"));
        int perTrack = Integer.getInteger("mixer.probe.examples", 16);
        List<Path> tracks = probeTracks(corpus);
        List<Example> examples = new ArrayList<>();
        long v1Nanos = 0, v2Nanos = 0;
        for (int t = 0; t < tracks.size(); t++) {
            Audio audio = AudioReader.read(tracks.get(t)).audio();
            int rate = audio.sampleRateHz();
            for (int k = 0; k < perTrack; k++) {
                Draw draw = Draw.of(audio, t, k);
                MixSettings p = draw.settings();
                Audio x = draw.input();
                long t0 = System.nanoTime();
                float[] v1 = Descriptors.compute(x, 1);
                long t1 = System.nanoTime();
                float[] v2 = Descriptors.compute(x, 2);
                long t2 = System.nanoTime();
                if (!examples.isEmpty()) { // the first is the JIT's
                    v1Nanos += t1 - t0;
                    v2Nanos += t2 - t1;
                }
                examples.add(new Example(t, MixChain.applicable(p, rate).normalized(), v1, v2, correlogram(x)));
            }
        }
        int timed = examples.size() - 1;
        System.out.printf(Locale.ROOT, "%d restore examples of %d training tracks; descriptors per 3 s window: version 1 %.1f ms, version 2 %.1f ms%n",
                examples.size(), tracks.size(), v1Nanos / 1e6 / timed, v2Nanos / 1e6 / timed);
        double[][] t = examples.stream().map(Example::targets).toArray(double[][]::new);
        int[] track = examples.stream().mapToInt(Example::track).toArray();
        double[][] f1 = examples.stream().map(e -> widen(e.v1())).toArray(double[][]::new);
        double[][] f2 = examples.stream().map(e -> widen(e.v2())).toArray(double[][]::new);
        double[] constant = Ridge.leaveOneTrackOut(new double[t.length][0], t, track, RIDGE);
        double[] mae1 = Ridge.leaveOneTrackOut(f1, t, track, RIDGE), mae2 = Ridge.leaveOneTrackOut(f2, t, track, RIDGE);
        System.out.println("| setting | best v1 descriptor (r) | best v2 descriptor (r) | training mean | ridge v1 | ridge v2 |");
        System.out.println("|---|---|---|---|---|---|");
        for (Param p : Param.all()) {
            int i = p.ordinal();
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.3f |%n", p.id, best(f1, t, i, Descriptors.names(1)),
                    best(f2, t, i, Descriptors.names(2)), constant[i], mae1[i], mae2[i]);
        }
        System.out.printf(Locale.ROOT, "| mean | | | %.4f | %.4f | %.4f |%n", mean(constant), mean(mae1), mean(mae2));
        // A candidate for the networks: the short correlogram (lags 10-600 ms) beside version 2
        double[][] f3 = examples.stream().map(e -> concat(widen(e.v2()), e.correlogram())).toArray(double[][]::new);
        for (double lambda : new double[] {1, 10, 100}) {
            System.out.printf(Locale.ROOT, "ridge (lambda %.0f), mean MAE: version 2 %.4f, with the correlogram %.4f%n", lambda,
                    mean(Ridge.leaveOneTrackOut(f2, t, track, lambda)), mean(Ridge.leaveOneTrackOut(f3, t, track, lambda)));
        }
        String csv = System.getProperty("mixer.probe.csv");
        if (csv != null) writeCsv(Path.of(csv), examples);
    }

    /**
     * Example {@code k} of probe track {@code track}: a training-style window with 1 s of pre-roll (the crop), all ten
     * settings drawn at random, and the restore input the model hears (the window after the pre-roll).
     */
    record Draw(Audio crop, MixSettings settings, Audio input) {
        static Draw of(Audio audio, int track, int k) {
            int rate = audio.sampleRateHz(), window = FeatureConfig.DEFAULT.windowSamples(rate), preRoll = rate;
            SplittableRandom rng = new SplittableRandom(1000L * track + k);
            int start = rng.nextInt(audio.frames() - window - preRoll + 1);
            MixSettings p = SettingsSampler.draw(rng);
            Audio crop = audio.slice(start, start + preRoll + window);
            return new Draw(crop, p, Task.RESTORE.input(crop, p).slice(preRoll, preRoll + window));
        }
    }

    /** Every 4th training track of the default split, by id: 38 of the 154. */
    static List<Path> probeTracks(Path corpus) throws IOException {
        Map<String, Path> byId = new TreeMap<>();
        for (Path f : AudioReader.findIn(corpus)) byId.put(DatasetBuilder.trackId(corpus, f), f);
        Map<String, Split> splits = new SplitAssigner(20261124).assign(new ArrayList<>(byId.keySet()));
        List<String> train = byId.keySet().stream().filter(id -> splits.get(id) == Split.TRAIN).toList();
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < train.size() && out.size() < TRACKS; i += 4) out.add(byId.get(train.get(i)));
        return out;
    }

    private static String best(double[][] f, double[][] t, int param, List<String> names) {
        int best = 0;
        double bestR = 0;
        for (int j = 0; j < names.size(); j++) {
            double r = correlation(f, j, t, param);
            if (Math.abs(r) > Math.abs(bestR)) {
                bestR = r;
                best = j;
            }
        }
        return String.format(Locale.ROOT, "%s (%+.2f)", names.get(best), bestR);
    }

    static double correlation(double[][] f, int j, double[][] t, int param) {
        int n = f.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += f[i][j] / n;
            my += t[i][param] / n;
        }
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (f[i][j] - mx) * (t[i][param] - my);
            sxx += (f[i][j] - mx) * (f[i][j] - mx);
            syy += (t[i][param] - my) * (t[i][param] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
    }

    /** The spectrally flattened autocorrelation of mid and side (as the delay descriptors take it) every 10 ms from 10 to 600 ms. */
    static double[] correlogram(Audio x) {
        int rate = x.sampleRateHz(), n = x.frames(), lags = 60;
        double[] out = new double[2 * lags];
        float[][] ms = new float[2][n];
        for (int i = 0; i < n; i++) {
            ms[0][i] = 0.5f * (x.left()[i] + x.right()[i]);
            ms[1][i] = 0.5f * (x.left()[i] - x.right()[i]);
        }
        for (int c = 0; c < 2; c++) {
            WholeSpectrum s = WholeSpectrum.of(ms[c], rate, n + (int) (0.6 * rate) + 1);
            double[] p = s.power(), level = s.movingAverage(p, 40), flat = new double[p.length];
            for (int k = 0; k < p.length; k++) flat[k] = level[k] > 0 ? p[k] / level[k] : 0;
            double[] r = s.autocorrelation(flat);
            for (int l = 0; l < lags; l++) out[c * lags + l] = r[0] > 0 ? r[(int) Math.round((l + 1) * 0.01 * rate)] / r[0] : 0;
        }
        return out;
    }

    static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x / v.length;
        return s;
    }

    private static void writeCsv(Path file, List<Example> examples) throws IOException {
        StringBuilder s = new StringBuilder("track");
        for (Param p : Param.all()) s.append(",t_").append(p.id);
        for (String n : Descriptors.names(1)) s.append(",v1_").append(n);
        for (String n : Descriptors.names(2)) s.append(",v2_").append(n);
        s.append('\n');
        for (Example e : examples) {
            s.append(e.track());
            for (double v : e.targets()) s.append(',').append(v);
            for (float v : e.v1()) s.append(',').append(v);
            for (float v : e.v2()) s.append(',').append(v);
            s.append('\n');
        }
        Files.writeString(file, s);
    }
}

package mixer.dataset;

import mixer.dataset.features.Descriptors;
import mixer.dsp.Audio;
import mixer.dsp.chain.MixChain;
import mixer.dsp.io.AudioReader;
import mixer.dsp.params.Param;
import mixer.dsp.stages.FeedbackCompressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hypothesis (issue 14, blind restore's input gain, skill 0.05): the descriptor vector's level histogram (10 ms peaks
 * in 6 dB bins of absolute level) cannot place the compressor's knee, which moves only 0.25 dB per dB of input gain
 * and, in absolute level, with the program level (the threshold follows it 0.75 dB per dB). A histogram of each block's
 * peak relative to 0.75 of the running program level (the compressor's own one-pole 0.5 s mean square of the louder
 * channel) in 2 dB bins holds the knee still against the music's loudness. Measured: ridge regression leaving one track
 * out on the 38 probe tracks and training-style windows of {@link DescriptorProbe}, the version-2 descriptors alone and
 * with each candidate histogram beside them. Not part of the normal test run:
 * {@code nice ./mvnw -B -o -q -pl dataset -am test -Dtest=KneeHistogramProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.corpus=DIR [-Dmixer.probe.examples=16]}
 */
@EnabledIfSystemProperty(named = "mixer.probe.corpus", matches = ".+")
class KneeHistogramProbe {

    private static final Param[] GAINS = {Param.INPUT_GAIN_DB, Param.COMP_RATIO, Param.OUTPUT_LEVEL_DB};
    private static final int BIN_DB = 2;
    /** Relative levels from -20 to +40 dB: the knee sits near -2 - 0.25 * input gain, expanded peaks above it. */
    private static final int LOWEST_DB = -20, BINS = 30;

    @Test
    void probe() throws IOException {
        Path corpus = Path.of(System.getProperty("mixer.probe.corpus"));
        int perTrack = Integer.getInteger("mixer.probe.examples", 16);
        List<Path> tracks = DescriptorProbe.probeTracks(corpus);
        List<double[]> v2 = new ArrayList<>(), tracking = new ArrayList<>(), crest = new ArrayList<>(), targets = new ArrayList<>();
        List<Integer> trackOf = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            Audio audio = AudioReader.read(tracks.get(t)).audio();
            for (int k = 0; k < perTrack; k++) {
                DescriptorProbe.Draw draw = DescriptorProbe.Draw.of(audio, t, k);
                Audio x = draw.input();
                v2.add(DescriptorProbe.widen(Descriptors.compute(x, 2)));
                tracking.add(relativeHistogram(x, FeedbackCompressor.THRESHOLD_TRACKING));
                crest.add(relativeHistogram(x, 1.0));
                targets.add(MixChain.applicable(draw.settings(), x.sampleRateHz()).normalized());
                trackOf.add(t);
            }
        }
        double[][] y = targets.toArray(double[][]::new);
        int[] track = trackOf.stream().mapToInt(Integer::intValue).toArray();
        double[][] base = v2.toArray(double[][]::new);
        double[][] withTracking = concat(base, tracking), withCrest = concat(base, crest), withBoth = concat(withTracking, crest);
        System.out.printf(Locale.ROOT, "%d restore examples of %d training tracks%n", y.length, tracks.size());
        System.out.println("| features | lambda | " + String.join(" | ", java.util.Arrays.stream(GAINS).map(p -> p.id).toList()) + " | mean of 10 |");
        System.out.println("|---|---|---|---|---|---|");
        print("constant", 1, Ridge.leaveOneTrackOut(new double[y.length][0], y, track, 1));
        for (double lambda : new double[] {1, 10, 100}) {
            print("version 2", lambda, Ridge.leaveOneTrackOut(base, y, track, lambda));
            print("+ tracking-relative", lambda, Ridge.leaveOneTrackOut(withTracking, y, track, lambda));
            print("+ crest", lambda, Ridge.leaveOneTrackOut(withCrest, y, track, lambda));
            print("+ both", lambda, Ridge.leaveOneTrackOut(withBoth, y, track, lambda));
        }
    }

    private static void print(String name, double lambda, double[] mae) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "| %s | %.0f |", name, lambda));
        for (Param p : GAINS) s.append(String.format(Locale.ROOT, " %.4f |", mae[p.ordinal()]));
        double mean = 0;
        for (double m : mae) mean += m / mae.length;
        System.out.println(s.append(String.format(Locale.ROOT, " %.4f |", mean)));
    }

    /**
     * Shares of the 10 ms blocks of the window whose peak, in dB, less {@code tracking} times the running program level
     * in dB, falls in each bin. The program level is the compressor's kind: a one-pole mean square of the louder
     * channel over {@link FeedbackCompressor#PROGRAM_RMS_MS}, started at the window's own mean square (the model hears
     * only the window).
     */
    static double[] relativeHistogram(Audio x, double tracking) {
        float[] louder = FeedbackCompressor.louder(x);
        int rate = x.sampleRateHz(), block = rate / 100, blocks = louder.length / block;
        double a = Math.exp(-1.0 / (FeedbackCompressor.PROGRAM_RMS_MS / 1000 * rate));
        double ms = 0;
        for (float v : louder) ms += (double) v * v / louder.length;
        double[] out = new double[BINS];
        for (int b = 0; b < blocks; b++) {
            float peak = 0;
            for (int i = b * block; i < (b + 1) * block; i++) {
                peak = Math.max(peak, louder[i]);
                ms = a * ms + (1 - a) * louder[i] * louder[i];
            }
            double rel = 20 * Math.log10(peak + 1e-10) - tracking * 10 * Math.log10(ms + 1e-20);
            int bin = (int) Math.floor((rel - LOWEST_DB) / BIN_DB);
            out[Math.max(0, Math.min(BINS - 1, bin))] += 1.0 / blocks;
        }
        return out;
    }

    /** Each row of {@code a} with the same row of {@code b} after it. */
    private static double[][] concat(double[][] a, List<double[]> b) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = DescriptorProbe.concat(a[i], b.get(i));
        return out;
    }
}

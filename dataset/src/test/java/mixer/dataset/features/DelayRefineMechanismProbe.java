package mixer.dataset.features;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.SettingsSampler;
import mixer.dataset.Split;
import mixer.dataset.Task;
import mixer.dsp.Audio;
import mixer.dsp.chain.MixChain;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.stages.DelaySend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Which wrong setting bends the refiner's delay step ({@link Refiner}'s first step), on restore examples of the
 * training tracks (never the test split): the delay send is started from the truth moved by Gaussian noise and
 * refined alone, with every other setting true except one group held at the training mean (0.5 normalised).
 * The group whose mismatch moves the delay's root is what its signature is sensitive to. Not part of the normal
 * test run:
 * {@code nice ./mvnw -B -o -q -pl dataset test -Dtest=DelayRefineMechanismProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.manifest=data/dataset/manifest.csv [-Dmixer.probe.every=2] [-Dmixer.probe.seconds=10]}
 */
@EnabledIfSystemProperty(named = "mixer.probe.manifest", matches = ".+")
class DelayRefineMechanismProbe {

    private static final double NOISE_SD = 0.15;
    private static final double NETWORK_DELAY_SD = 0.07;
    private static final double NETWORK_RATIO_SD = 0.2;

    private record Condition(String name, Param... atMean) {
    }

    private static final Condition[] CONDITIONS = {
            new Condition("all true"),
            new Condition("input gain at the mean", Param.INPUT_GAIN_DB),
            new Condition("ratio at the mean", Param.COMP_RATIO),
            new Condition("input gain and ratio at the mean", Param.INPUT_GAIN_DB, Param.COMP_RATIO),
            new Condition("the four EQs at the mean", Param.HIGH_EQ_DB, Param.MID_EQ_DB, Param.LOW_EQ_DB, Param.AIR_DB),
            new Condition("reverb send at the mean", Param.REVERB_SEND),
            new Condition("width at the mean", Param.STEREO_WIDTH),
            new Condition("output level at the mean", Param.OUTPUT_LEVEL_DB),
            new Condition("all but the delay at the mean", Param.INPUT_GAIN_DB, Param.COMP_RATIO, Param.HIGH_EQ_DB, Param.MID_EQ_DB,
                    Param.LOW_EQ_DB, Param.AIR_DB, Param.REVERB_SEND, Param.STEREO_WIDTH, Param.OUTPUT_LEVEL_DB),
    };

    @Test
    void probe() throws IOException {
        Tracks tracks = Tracks.fromProperties(2);
        List<Example> picked = tracks.picked();
        double[][] err = new double[picked.size()][CONDITIONS.length];
        double[] startErr = new double[picked.size()];
        IntStream.range(0, picked.size()).parallel().forEach(i -> {
            Crop crop = tracks.crop(i, 1);
            double noisyDelay = crop.noisyDelay();
            startErr[i] = Math.abs(noisyDelay - crop.truth().normalized(Param.DELAY_SEND));
            for (int c = 0; c < CONDITIONS.length; c++) {
                err[i][c] = Math.abs(crop.delayStepError(noisyDelay, CONDITIONS[c], Signatures::delayOfMid));
            }
        });
        System.out.printf(Locale.ROOT, "%d restore crops of %.0f s (every %d-th training track); the delay started %.4f off (MAE)%n",
                picked.size(), tracks.seconds(), tracks.every(), mean(startErr));
        System.out.println("| held at the training mean | delay_send MAE after the delay step | median |");
        System.out.println("|---|---|---|");
        printRows(Arrays.stream(CONDITIONS).map(Condition::name).toArray(String[]::new), err);
    }

    /** A variant of the delay signature: the mid divided by its local RMS envelope (window {@code windowMs}) to the power {@code power}. */
    private record Variant(String name, double windowMs, double power) {
        double signature(Audio audio) {
            float[] mid = audio.midSide()[0];
            int rate = audio.sampleRateHz();
            float[] n = mid;
            if (power > 0) {
                int half = Math.max(1, (int) (windowMs * 1e-3 * rate / 2));
                double[] cum = new double[mid.length + 1];
                for (int i = 0; i < mid.length; i++) cum[i + 1] = cum[i] + (double) mid[i] * mid[i];
                double floor = 1e-9 + 1e-6 * Math.sqrt(cum[mid.length] / Math.max(1, mid.length));
                n = new float[mid.length];
                for (int i = 0; i < mid.length; i++) {
                    int lo = Math.max(0, i - half), hi = Math.min(mid.length, i + half + 1);
                    double env = Math.sqrt((cum[hi] - cum[lo]) / (hi - lo)) + floor;
                    n[i] = (float) (mid[i] / Math.pow(env, power));
                }
            }
            return Signatures.echoes(Signatures.spectrum(n, rate), n.length, DelaySend.delaySamples(rate))[0];
        }
    }

    private static final Variant[] VARIANTS = {
            new Variant("as now", 0, 0),
            new Variant("envelope 20 ms, power 1", 20, 1),
            new Variant("envelope 50 ms, power 1", 50, 1),
            new Variant("envelope 20 ms, power 1.5", 20, 1.5),
            new Variant("envelope 50 ms, power 1.5", 50, 1.5),
    };

    private static final Condition[] VARIANT_CONDITIONS = {CONDITIONS[0], CONDITIONS[3], CONDITIONS[CONDITIONS.length - 1]};

    @Test
    @EnabledIfSystemProperty(named = "mixer.probe.variants", matches = "true")
    void variants() throws IOException {
        Tracks tracks = Tracks.fromProperties(3);
        List<Example> picked = tracks.picked();
        double[][][] err = new double[picked.size()][VARIANTS.length][VARIANT_CONDITIONS.length];
        IntStream.range(0, picked.size()).parallel().forEach(i -> {
            Crop crop = tracks.crop(i, 1);
            double noisyDelay = crop.noisyDelay();
            for (int v = 0; v < VARIANTS.length; v++) {
                for (int c = 0; c < VARIANT_CONDITIONS.length; c++) {
                    err[i][v][c] = crop.delayStepError(noisyDelay, VARIANT_CONDITIONS[c], VARIANTS[v]::signature);
                }
            }
        });
        System.out.printf(Locale.ROOT, "%d restore crops of %.0f s (every %d-th training track)%n", picked.size(), tracks.seconds(), tracks.every());
        System.out.print("| signature |");
        for (Condition c : VARIANT_CONDITIONS) System.out.print(" " + c.name() + ": MAE / mean signed |");
        System.out.println();
        for (int v = 0; v < VARIANTS.length; v++) {
            System.out.print("| " + VARIANTS[v].name() + " |");
            for (int c = 0; c < VARIANT_CONDITIONS.length; c++) {
                double abs = 0, signed = 0;
                for (double[][] e : err) {
                    abs += Math.abs(e[v][c]) / err.length;
                    signed += e[v][c] / err.length;
                }
                System.out.printf(Locale.ROOT, " %.4f / %+.4f |", abs, signed);
            }
            System.out.println();
        }
    }

    /**
     * A network-like start (the delay {@link #NETWORK_DELAY_SD} off, the input gain at the mean, the ratio
     * {@link #NETWORK_RATIO_SD} off, the rest {@link #NOISE_SD} off; normalised, Gaussian, clamped): the delay as
     * started, refined, and the two blended.
     */
    @Test
    @EnabledIfSystemProperty(named = "mixer.probe.blend", matches = "true")
    void blend() throws IOException {
        Tracks tracks = Tracks.fromProperties(2);
        List<Example> picked = tracks.picked();
        int delay = Param.DELAY_SEND.ordinal();
        double[] weights = {0, 0.25, 0.5, 0.75, 1};
        double[][] err = new double[picked.size()][weights.length];
        double[] signedRefined = new double[picked.size()];
        IntStream.range(0, picked.size()).parallel().forEach(i -> {
            Crop crop = tracks.crop(i, 2);
            double[] n0 = crop.truth().normalized(), n = crop.truth().normalized();
            for (Param q : Param.all()) {
                double sd = q == Param.DELAY_SEND ? NETWORK_DELAY_SD : q == Param.COMP_RATIO ? NETWORK_RATIO_SD : NOISE_SD;
                n[q.ordinal()] = Math.max(0, Math.min(1, n[q.ordinal()] + sd * crop.rng().nextGaussian()));
            }
            n[Param.INPUT_GAIN_DB.ordinal()] = 0.5;
            MixSettings started = MixChain.applicable(MixSettings.ofNormalized(n), crop.rate());
            double refined = Refiner.cancel(List.of(crop.heard()), started, Param.DELAY_SEND, Signatures::delayOfMid).normalized(Param.DELAY_SEND);
            signedRefined[i] = refined - n0[delay];
            for (int w = 0; w < weights.length; w++) {
                err[i][w] = Math.abs(weights[w] * refined + (1 - weights[w]) * n[delay] - n0[delay]);
            }
        });
        System.out.printf(Locale.ROOT, "%d restore crops of %.0f s (every %d-th training track); refined minus true %+.4f on average%n",
                picked.size(), tracks.seconds(), tracks.every(), mean(signedRefined));
        System.out.println("| weight of the refined delay | delay_send MAE | median |");
        System.out.println("|---|---|---|");
        printRows(Arrays.stream(weights).mapToObj(w -> String.format(Locale.ROOT, "%.2f", w)).toArray(String[]::new), err);
    }

    /** A restore example of one training track: a crop of {@code seconds} at a seeded start and ten drawn settings. */
    private record Crop(Audio heard, MixSettings truth, SplittableRandom rng) {
        static Crop of(Manifest manifest, Example track, long seed, double seconds) {
            Audio audio;
            try {
                audio = manifest.readAudio(track, "source");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SplittableRandom rng = new SplittableRandom(seed);
            int rate = audio.sampleRateHz(), length = (int) Math.min(audio.frames(), seconds * rate);
            int start = rng.nextInt(audio.frames() - length + 1);
            MixSettings truth = MixChain.applicable(SettingsSampler.draw(rng), rate);
            return new Crop(Task.RESTORE.input(audio.slice(start, start + length), truth), truth, rng);
        }

        int rate() {
            return heard.sampleRateHz();
        }

        /** The true delay send moved by Gaussian noise of sd {@link #NOISE_SD} (normalised, clamped); draws from the crop's generator. */
        double noisyDelay() {
            return Math.max(0, Math.min(1, truth.normalized(Param.DELAY_SEND) + NOISE_SD * rng.nextGaussian()));
        }

        /**
         * The refined minus the true delay send (normalised) after the delay step alone with {@code signature}, started
         * from the truth with the delay at {@code startDelay} and the condition's settings at the training mean.
         */
        double delayStepError(double startDelay, Condition condition, ToDoubleFunction<Audio> signature) {
            double[] n = truth.normalized();
            for (Param q : condition.atMean()) n[q.ordinal()] = 0.5;
            n[Param.DELAY_SEND.ordinal()] = startDelay;
            MixSettings refined = Refiner.cancel(List.of(heard), MixChain.applicable(MixSettings.ofNormalized(n), rate()),
                    Param.DELAY_SEND, signature);
            return refined.normalized(Param.DELAY_SEND) - truth.normalized(Param.DELAY_SEND);
        }
    }

    /** Every {@code every}-th training track of the manifest the probe names, and the length of their crops. */
    private record Tracks(Manifest manifest, int every, double seconds, List<Example> picked) {
        static Tracks fromProperties(int defaultEvery) throws IOException {
            Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.manifest")));
            int every = Integer.getInteger("mixer.probe.every", defaultEvery);
            List<Example> train = manifest.split(Split.TRAIN), picked = new ArrayList<>();
            for (int t = 0; t < train.size(); t += every) picked.add(train.get(t));
            return new Tracks(manifest, every, Double.parseDouble(System.getProperty("mixer.probe.seconds", "10")), picked);
        }

        /** The crop of the {@code i}-th picked track, seeded by its place among the training tracks and {@code salt}. */
        Crop crop(int i, int salt) {
            return Crop.of(manifest, picked.get(i), 7919L * every * i + salt, seconds);
        }
    }

    /** One row of a results table per label: the mean and median of column {@code c} of {@code err}. */
    private static void printRows(String[] labels, double[][] err) {
        for (int c = 0; c < labels.length; c++) {
            double[] col = new double[err.length];
            for (int i = 0; i < col.length; i++) col[i] = err[i][c];
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f |%n", labels[c], mean(col), median(col));
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}

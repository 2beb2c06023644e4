package mixer.dataset;

import mixer.dataset.features.Refiner;
import mixer.dsp.Audio;
import mixer.dsp.chain.MixChain;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What refinement ({@link Refiner}) does to the delay and reverb sends of restore examples, never on the test split:
 * the validation rows of a dataset (whole excerpts, as the evaluator reads them) and restore examples of its
 * training tracks (every 4th; one crop of {@link #TRAINING_SECONDS} each, ten settings drawn as in training).
 * Three predictions: (a) the training mean (0.5 normalised for every setting), (b) that refined, (c) the true
 * settings with both sends moved by Gaussian noise (sd {@link #NOISE_SD}, clamped), refined; MAE of each send,
 * normalised. Not part of the normal test run:
 * {@code nice ./mvnw -B -o -q -pl dataset test -Dtest=RefinerProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.manifest=/tmp/refine/data/dataset/manifest.csv}
 */
@EnabledIfSystemProperty(named = "mixer.probe.manifest", matches = ".+")
class RefinerProbe {

    private static final double TRAINING_SECONDS = 10;
    private static final double NOISE_SD = 0.15;
    private static final Param[] SENDS = {Param.DELAY_SEND, Param.REVERB_SEND};

    private record Row(Audio heard, MixSettings truth) {
    }

    @Test
    void probe() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.manifest")));
        List<Row> validation = new ArrayList<>(), training = new ArrayList<>();
        for (Example e : manifest.split(Split.VALIDATION)) {
            validation.add(new Row(manifest.readAudio(e, "audio"), MixSettings.ofNormalized(e.targets())));
        }
        List<Example> train = manifest.split(Split.TRAIN);
        for (int t = 0; t < train.size(); t += 4) {
            Audio track = manifest.readAudio(train.get(t), "source");
            SplittableRandom rng = new SplittableRandom(7919L * t);
            int rate = track.sampleRateHz(), length = (int) Math.min(track.frames(), TRAINING_SECONDS * rate);
            int start = rng.nextInt(track.frames() - length + 1);
            MixSettings p = SettingsSampler.draw(rng);
            training.add(new Row(Task.RESTORE.input(track.slice(start, start + length), p), MixChain.applicable(p, rate)));
        }
        report("validation", validation);
        report("training tracks", training);
    }

    private static void report(String name, List<Row> rows) {
        double[][] mae = new double[3][SENDS.length];
        int[] changed = new int[2];
        long nanos = 0;
        SplittableRandom noise = new SplittableRandom(42);
        for (Row r : rows) {
            MixSettings mean = MixSettings.ofNormalized(new double[] {.5, .5, .5, .5, .5, .5, .5, .5, .5, .5});
            double[] n = r.truth().normalized();
            for (Param s : SENDS) n[s.ordinal()] = Math.max(0, Math.min(1, n[s.ordinal()] + NOISE_SD * noise.nextGaussian()));
            MixSettings noisy = MixSettings.ofNormalized(n);
            long t0 = System.nanoTime();
            MixSettings refinedMean = Refiner.refine(r.heard(), mean);
            nanos += System.nanoTime() - t0;
            MixSettings refinedNoisy = Refiner.refine(r.heard(), noisy);
            MixSettings[] predictions = {mean, refinedMean, refinedNoisy};
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < SENDS.length; k++) {
                    mae[c][k] += Math.abs(predictions[c].normalized(SENDS[k]) - r.truth().normalized(SENDS[k])) / rows.size();
                }
            }
            for (int k = 0; k < SENDS.length; k++) if (refinedMean.get(SENDS[k]) != mean.get(SENDS[k])) changed[k]++;
        }
        System.out.printf(Locale.ROOT, "%s: %d rows, %.2f s of audio each, refinement %.2f s per row; a crossing found for the delay "
                        + "in %d, the reverb in %d%n", name, rows.size(), rows.get(0).heard().durationSeconds(),
                nanos / 1e9 / rows.size(), changed[0], changed[1]);
        String[] conditions = {"(a) training mean", "(b) training mean, refined", "(c) truth + noise (sd " + NOISE_SD + "), refined"};
        System.out.println("| prediction | delay_send MAE | reverb_send MAE |");
        System.out.println("|---|---|---|");
        for (int c = 0; c < 3; c++) System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f |%n", conditions[c], mae[c][0], mae[c][1]);
    }
}

package mixer.dataset.match;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.Task;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@link AirMatch} on match-other pairs of the training tracks (the halves as the test rows cut them, settings drawn as
 * for the dataset, the other settings the truth with Gaussian noise of {@link #NOISE}): the normalised MAE of the air the
 * pair alone reads, how often it ends at the range's ends, against the middle's; and blended with a simulated network's.
 * Measured 2026-12-03: the pair alone 0.117 (median 0.064, 26 of 154 at a range end), the middle 0.246; a network
 * simulated as the truth with noise of sd 0.13 (MAE 0.091) blended with weight 0 / 0.25 / 0.5 / 0.75 / 1 on the pair:
 * 0.091 / 0.076 / 0.079 / 0.094 / 0.117; the network where the pair ends at a range end 0.099. A larger check than the 12 validation tracks, never the test
 * split. {@code ./mvnw -o -B -q -pl dataset test -Dtest=AirMatchProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.air=MANIFEST}
 */
@EnabledIfSystemProperty(named = "mixer.probe.air", matches = ".+")
class AirMatchProbe {

    static final double NOISE = 0.10;

    @Test
    void probe() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.air")));
        List<Example> tracks = manifest.split(Split.TRAIN);
        SplittableRandom rng = new SplittableRandom(42);
        double found = 0, middle = 0;
        int rows = 0, atEnds = 0;
        double[] errors = new double[tracks.size()];
        double[] weights = {0, 0.25, 0.5, 0.75, 1};
        double[] blended = new double[weights.length];
        double endsToNetwork = 0;
        for (Example track : tracks) {
            Audio[] halves = Task.halves(manifest.readAudio(track, "audio"));
            ProbeDraw draw = ProbeDraw.of(halves[1], halves[1].frames() / (double) halves[1].sampleRateHz(), NOISE, rng);
            Audio reference = Renderer.render(halves[1], MixSettings.ofNormalized(draw.truth()), false);
            MixSettings start = MixSettings.ofNormalized(draw.network());
            double read = AirMatch.readDb(List.of(halves[0]), List.of(reference), start);
            double air = Double.isNaN(read) ? start.normalized(Param.AIR_DB) : Param.AIR_DB.toNormalized(read); // the pair alone
            double truth = draw.truth()[Param.AIR_DB.ordinal()];
            if (air == 0 || air == 1) atEnds++;
            // a network's air simulated as the truth with the noise of the networks' validation error (MAE 0.105: sd 0.13)
            double network = Math.min(1, Math.max(0, draw.truth()[Param.AIR_DB.ordinal()] + 0.13 * rng.nextGaussian()));
            for (int w = 0; w < weights.length; w++) blended[w] += Math.abs(weights[w] * air + (1 - weights[w]) * network - draw.truth()[Param.AIR_DB.ordinal()]);
            endsToNetwork += Math.abs((air == 0 || air == 1 ? network : air) - draw.truth()[Param.AIR_DB.ordinal()]);
            errors[rows] = Math.abs(air - truth);
            found += errors[rows];
            middle += Math.abs(0.5 - truth);
            rows++;
        }
        java.util.Arrays.sort(errors);
        System.out.printf(Locale.ROOT, "%d training tracks: air from the pair %.4f (median %.4f, at a range end %d), the middle %.4f%n",
                rows, found / rows, errors[rows / 2], atEnds, middle / rows);
        for (int w = 0; w < weights.length; w++) System.out.printf(Locale.ROOT, "weight %.2f on the pair: %.4f%n", weights[w], blended[w] / rows);
        System.out.printf(Locale.ROOT, "the pair, the network where it ends at a range end: %.4f%n", endsToNetwork / rows);
    }
}

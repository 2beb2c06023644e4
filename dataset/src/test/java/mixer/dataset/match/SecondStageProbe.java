package mixer.dataset.match;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
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
 * Hypothesis (issue 15, match same's later stages): given the gain structure, everything after the compressor is linear,
 * and {@link LinearStages} reads the EQs, sends, width and output level from the pair far better than the networks
 * (0.03-0.06 normalised each). Set up as {@link GainStructureProbe}: training tracks only, 10 s crops, settings drawn
 * as for the dataset, the network's settings the truth with Gaussian noise of {@link #NOISE}, the gain structure at the
 * middle; the cascade gain structure, linear stages, gain structure again, linear stages again.
 * {@code ./mvnw -o -B -q -pl dataset test -Dtest=SecondStageProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.secondstage=MANIFEST}
 */
@EnabledIfSystemProperty(named = "mixer.probe.secondstage", matches = ".+")
class SecondStageProbe {

    static final int TRACKS = Integer.getInteger("mixer.probe.tracks", 24);
    static final double CROP_SECONDS = 10;
    static final double NOISE = Double.parseDouble(System.getProperty("mixer.probe.noise", "0.04"));
    static final GainStructure.Search FIRST = System.getProperty("mixer.probe.coarse") == null ? GainStructure.SEARCH : new GainStructure.Search(6, 8, 4, 40);
    static final double LINEAR_SECONDS = Double.parseDouble(System.getProperty("mixer.probe.seconds", "3"));
    static final String[] STEPS = {"start", "gain structure", "+ linear stages", "+ gain structure polished", "+ linear stages"};

    @Test
    void probe() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.secondstage")));
        List<Example> tracks = manifest.split(Split.TRAIN);
        SplittableRandom rng = new SplittableRandom(42);
        double[][] sum = new double[STEPS.length][Param.COUNT];
        double[] seconds = new double[STEPS.length];
        int rows = 0;
        for (int t = 0; t < Math.min(TRACKS, tracks.size()); t++) {
            Example track = tracks.get(t * tracks.size() / TRACKS);
            Audio source = manifest.readAudio(track, "audio");
            ProbeDraw draw = ProbeDraw.of(source, CROP_SECONDS, NOISE, rng);
            Audio x = draw.crop();
            MixSettings truth = MixSettings.ofNormalized(draw.truth());
            Audio y = Renderer.render(x, truth, false);
            double[] start = draw.network();
            MixSettings s = MixSettings.ofNormalized(start);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-44s %d Hz", track.id(), x.sampleRateHz()));
            for (int step = 0; step < STEPS.length; step++) {
                long t0 = System.nanoTime();
                if (step > 0) s = step == 1 ? GainStructure.estimate(x, y, s, FIRST) : step == 3 ? GainStructure.estimate(x, y, s, GainStructure.POLISH) : LinearStages.estimate(x, y, s, LINEAR_SECONDS);
                seconds[step] += (System.nanoTime() - t0) / 1e9;
                double mae = 0;
                for (Param q : Param.all()) {
                    double e = Math.abs(s.normalized(q) - truth.normalized(q));
                    sum[step][q.ordinal()] += e;
                    mae += e / Param.COUNT;
                }
                line.append(String.format(Locale.ROOT, " | %.4f", mae));
            }
            rows++;
            line.append(String.format(Locale.ROOT, " | reduction range %.2f dB, input gain error %.3f", GainStructure.reductionRangeDb(x, y, truth),
                    Math.abs(s.normalized(Param.INPUT_GAIN_DB) - truth.normalized(Param.INPUT_GAIN_DB))));
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "%d rows, network noise %.2f; per parameter:%n", rows, NOISE);
        for (int step = 0; step < STEPS.length; step++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s", STEPS[step]));
            double all = 0;
            for (Param q : Param.all()) {
                line.append(String.format(Locale.ROOT, " %s %.3f", q.id, sum[step][q.ordinal()] / rows));
                all += sum[step][q.ordinal()] / rows / Param.COUNT;
            }
            System.out.println(line.append(String.format(Locale.ROOT, " | MAE %.4f, %.2f s a step", all, seconds[step] / rows)));
        }
    }
}

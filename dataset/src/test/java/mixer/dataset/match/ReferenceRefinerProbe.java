package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.chain.MixChain;
import mixer.dsp.io.AudioReader;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The numbers in {@link ReferenceRefiner}'s comment: refinement at the default budgets from starts 0.15 off (every
 * setting, random sign, seeded), true settings drawn in 0.2 … 0.8; 30 s of synthetic music (six cases) and the dsp
 * module's three 10 s FLACs (two cases each; match other compares their two halves). MAE before and after, overall
 * and per setting, normalised; wall and CPU time per refinement. Not part of the normal test run:
 * {@code ./mvnw -o -B -q -pl dataset test -Dtest=ReferenceRefinerProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.refref=true}
 */
@EnabledIfSystemProperty(named = "mixer.probe.refref", matches = "true")
class ReferenceRefinerProbe {

    private static final String[] FLACS = {"calmrace.flac", "start1.flac", "freezingpoint.flac"};

    @Test
    void probe() throws IOException {
        for (boolean aligned : new boolean[] {true, false}) {
            report(aligned, "synthetic music, 30 s", false);
            report(aligned, "real music (test FLACs)", true);
        }
    }

    private static void report(boolean aligned, String name, boolean real) throws IOException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int cases = 6;
        double before = 0, after = 0, wall = 0, cpu = 0, renders = 0;
        double[] beforeEach = new double[Param.COUNT], afterEach = new double[Param.COUNT];
        for (int c = 0; c < cases; c++) {
            SplittableRandom rng = new SplittableRandom(100 + c);
            double[] t = new double[Param.COUNT];
            for (int k = 0; k < t.length; k++) t[k] = 0.2 + 0.6 * rng.nextDouble();
            Audio x, other;
            if (real) {
                Audio whole = AudioReader.read(Path.of("../dsp/src/test/resources/music", FLACS[c % 3])).audio();
                int half = whole.frames() / 2;
                x = aligned ? whole : whole.slice(0, half);
                other = whole.slice(half, 2 * half);
            } else {
                x = SyntheticMusic.generate(30, 44_100, 1000 + c);
                other = SyntheticMusic.generate(30, 44_100, 2000 + c);
            }
            MixSettings truth = MixSettings.ofNormalized(t);
            Audio y = Renderer.render(aligned ? x : other, truth, false);
            double[] n = MixChain.applicable(truth, x.sampleRateHz()).normalized();
            t = n.clone();
            for (int k = 0; k < n.length; k++) n[k] = Math.min(1, Math.max(0, n[k] + (rng.nextBoolean() ? 0.15 : -0.15)));
            long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
            ReferenceRefiner.Refinement r = ReferenceRefiner.search(x, y, MixSettings.ofNormalized(n), aligned,
                    aligned ? ReferenceRefiner.ALIGNED_EVALUATIONS : ReferenceRefiner.UNALIGNED_EVALUATIONS);
            wall += (System.nanoTime() - wall0) / 1e9 / cases;
            cpu += (os.getProcessCpuTime() - cpu0) / 1e9 / cases;
            renders += r.evaluations() / (double) cases;
            double[] got = r.settings().normalized();
            for (int k = 0; k < n.length; k++) {
                beforeEach[k] += Math.abs(n[k] - t[k]) / cases;
                afterEach[k] += Math.abs(got[k] - t[k]) / cases;
                before += Math.abs(n[k] - t[k]) / cases / n.length;
                after += Math.abs(got[k] - t[k]) / cases / n.length;
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%s, %s: MAE %.4f -> %.4f; %.1f s wall, %.1f s CPU, %.0f renders a refinement%n  ",
                aligned ? "match same" : "match other", name, before, after, wall, cpu, renders));
        for (Param p : Param.all()) {
            line.append(String.format(Locale.ROOT, " %s %.3f->%.3f", p.id, beforeEach[p.ordinal()], afterEach[p.ordinal()]));
        }
        System.out.println(line);
    }
}

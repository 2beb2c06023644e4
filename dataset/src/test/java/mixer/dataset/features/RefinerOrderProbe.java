package mixer.dataset.features;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dsp.Audio;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Which refinement cascade helps a trained model's predictions, on the validation split (never the test
 * split): the delay and reverb send MAE of a model's predictions as they are, refined delay-then-reverb
 * ({@link Refiner#refine}), reverb alone, and reverb-then-delay. Reads the predictions an evaluation of
 * the validation split wrote. Not part of the normal test run:
 * {@code ./mvnw -B -o -q -pl dataset test -Dtest=RefinerOrderProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.manifest=data/dataset/manifest.csv -Dmixer.probe.predictions=runs/VALIDATION-REPORT/results/predictions.csv
 * [-Dmixer.probe.model=ensemble]}
 */
@EnabledIfSystemProperty(named = "mixer.probe.predictions", matches = ".+")
class RefinerOrderProbe {

    private static final String[] VARIANTS = {"as predicted", "delay then reverb", "reverb only", "reverb then delay"};

    @Test
    void cascadesOnValidation() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.manifest")));
        String model = System.getProperty("mixer.probe.model", "ensemble");
        Map<String, Example> byId = new HashMap<>();
        for (Example e : manifest.examples()) byId.put(e.id(), e);
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("mixer.probe.predictions")));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            if (cells[0].equals(model)) rows.add(cells);
        }
        int delay = Param.DELAY_SEND.ordinal(), reverb = Param.REVERB_SEND.ordinal();
        double[][][] err = new double[rows.size()][VARIANTS.length][2];
        IntStream.range(0, rows.size()).parallel().forEach(i -> {
            String[] cells = rows.get(i);
            double[] truth = new double[Param.COUNT], predicted = new double[Param.COUNT];
            for (int p = 0; p < Param.COUNT; p++) {
                truth[p] = Double.parseDouble(cells[3 + p]);
                predicted[p] = Double.parseDouble(cells[3 + Param.COUNT + p]);
            }
            Audio heard;
            try {
                heard = manifest.readAudio(byId.get(cells[1]), "audio");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Audio> h = List.of(heard);
            MixSettings start = MixSettings.ofNormalized(predicted);
            MixSettings[] variants = {
                    start,
                    Refiner.refine(heard, start),
                    Refiner.cancel(h, start, Param.REVERB_SEND, Signatures::reverbPooled),
                    Refiner.cancel(h, Refiner.cancel(h, start, Param.REVERB_SEND, Signatures::reverbPooled),
                            Param.DELAY_SEND, Signatures::delayOfMid)};
            for (int v = 0; v < variants.length; v++) {
                double[] n = variants[v].normalized();
                err[i][v][0] = Math.abs(n[delay] - truth[delay]);
                err[i][v][1] = Math.abs(n[reverb] - truth[reverb]);
            }
        });
        System.out.printf(Locale.ROOT, "%s, %d validation rows: normalised MAE of delay send / reverb send%n", model, rows.size());
        for (int v = 0; v < VARIANTS.length; v++) {
            double d = 0, r = 0;
            for (double[][] e : err) {
                d += e[v][0] / err.length;
                r += e[v][1] / err.length;
            }
            System.out.printf(Locale.ROOT, "  %-18s %.4f / %.4f%n", VARIANTS[v], d, r);
        }
    }
}

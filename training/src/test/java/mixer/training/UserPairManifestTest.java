package mixer.training;

import mixer.dataset.Manifest;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.params.MixSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A user's own manifest of pairs (the reference column filled, no provenance.json): training must hear the pairs its
 * validation rows are heard as, or refuse the manifest up front.
 */
class UserPairManifestTest {

    @TempDir
    Path dir;

    @Test
    void aManifestOfOwnPairsTrainsAndValidatesOnTheSameInputs() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("id,split,audio,reference,source," + String.join(",", Manifest.COLUMNS.subList(4, Manifest.COLUMNS.size())));
        String[] splits = {"train", "train", "validation"};
        for (int i = 0; i < splits.length; i++) {
            Audio take = SyntheticMusic.generate(2.5, 44_100, 10 + i);
            double[] t = {0.3, 0.6, 0.4, 0.5, 0.5, 0.5, 0.2, 0.3, 0.6, 0.5};
            AudioWriter.write(take, dir.resolve("take" + i + ".wav"), SampleFormat.FLOAT_32);
            AudioWriter.write(Renderer.render(take, MixSettings.ofNormalized(t), false), dir.resolve("mix" + i + ".wav"), SampleFormat.FLOAT_32);
            StringBuilder row = new StringBuilder("pair" + i + "," + splits[i] + ",take" + i + ".wav,mix" + i + ".wav,take" + i + ".wav");
            for (double v : t) row.append(',').append(v);
            lines.add(row.append(",").append(i).toString());
        }
        Path manifest = dir.resolve("manifest.csv");
        Files.write(manifest, lines);
        assertTrue(Manifest.read(manifest).examples().stream().allMatch(mixer.dataset.Example::hasReference));

        TrainingData data;
        try {
            data = TrainingData.load(manifest, Tiny.FEATURES, 1, s -> { });
        } catch (IOException e) {
            System.out.println("refused up front: " + e.getMessage());
            assertTrue(e.getMessage().contains(manifest + " line 2"), e.getMessage());
            // with the task said, the same manifest trains on its pairs
            Files.writeString(dir.resolve("provenance.json"), "{\"task\": \"match-same\"}\n");
            data = TrainingData.load(manifest, Tiny.FEATURES, 1, s -> { });
            assertEquals(data.validation().rows().get(0).windows().get(0).logMel().length, data.train().draw(0, 0).features().logMel().length);
            return; // refusing such a manifest with a sentence is an acceptable outcome
        }
        int trainChannels = data.train().draw(0, 0).features().logMel().length;
        int validationChannels = data.validation().rows().get(0).windows().get(0).logMel().length;
        System.out.println("task " + data.info().get("task") + ": training examples have " + trainChannels
                + " log-mel channels, validation windows " + validationChannels);
        if (validationChannels != trainChannels) {
            try {
                new Trainer(Tiny.config(mixer.training.models.ModelKind.DESCRIPTOR_MLP, dir, 1),
                        Tiny.architecture(mixer.training.models.ModelKind.DESCRIPTOR_MLP)).train(data, new Trainer.Listener() { });
            } catch (RuntimeException e) {
                System.out.println("training: " + e);
            }
        }
        assertEquals(validationChannels, trainChannels, "training hears the input alone, validation the pair");
    }
}

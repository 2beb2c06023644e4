package mixer.training;

import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dsp.params.Param;
import mixer.training.models.InputShape;
import mixer.training.models.ModelKind;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class ModelBundleTest {

    @TempDir
    Path dir;

    static List<Features> windows(FeatureConfig config) {
        return PredictMain.windowsOf(31, config);
    }

    /** A bundle of a briefly trained tiny network (a few steps, so the weights are no longer their initial values). */
    private ModelBundle bundle(ModelKind kind) {
        var examples = Tiny.examples(4, 3);
        List<Features> sample = new ArrayList<>();
        var batch = new mixer.dataset.TrainingExamples.Labelled[4];
        for (int i = 0; i < 4; i++) {
            batch[i] = examples.draw(0, i);
            sample.add(batch[i].features());
        }
        FeatureNormalizer normalizer = FeatureNormalizer.fit(sample);
        ComputationGraph net = Tiny.architecture(kind).build(new InputShape(32, 32, FeatureConfig.DEFAULT.descriptorCount()), 1e-2, 9);
        var ds = mixer.dataset.TrainingExamples.batch(batch);
        normalizer.preProcessor(kind).preProcess(ds);
        for (int i = 0; i < 5; i++) net.fit(ds);
        EpochRecord h = new EpochRecord(1, 0.2, 0.19, 1.5, 1e-3, new double[Param.COUNT]);
        return new ModelBundle(kind, Tiny.FEATURES, normalizer, net, Map.of("seed", 9, "what", "test"), List.of(h));
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"BASELINE_CNN", "ENHANCED_CNN", "DESCRIPTOR_MLP"})
    void aSavedBundleReloadsWithIdenticalPredictions(ModelKind kind) throws IOException {
        ModelBundle original = bundle(kind);
        Path file = dir.resolve(kind.id() + ".zip");
        original.save(file);
        ModelBundle loaded = ModelBundle.load(file);
        List<Features> w = windows(Tiny.FEATURES);
        assertTrue(w.size() >= 3, "several windows");
        assertArrayEquals(original.predictWindows(w), loaded.predictWindows(w));
        long convolutions = java.util.Arrays.stream(loaded.network().getLayers())
                .filter(l -> l instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer).count();
        assertEquals(convolutions, ConvolutionHelpersTest.installedOn(loaded.network()),
                "a loaded bundle's convolutions run through the conv2d op");
        assertEquals(kind, loaded.kind());
        assertEquals(Tiny.FEATURES, loaded.featureConfig());
        assertEquals(original.normalizer(), loaded.normalizer());
        assertEquals(9, ((Number) loaded.provenance().get("seed")).intValue());
        assertEquals(0.19, loaded.history().get(0).valMae());
        double[] mean = loaded.predict(w);
        for (int p = 0; p < Param.COUNT; p++) {
            assertTrue(mean[p] > 0 && mean[p] < 1, "sigmoid outputs lie in (0, 1)");
        }
    }

    @Test
    void aBundleReloadedInANewJvmGivesIdenticalPredictions() throws Exception {
        ModelBundle original = bundle(ModelKind.ENHANCED_CNN);
        Path file = dir.resolve("enhanced.zip");
        original.save(file);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", classPath, PredictMain.class.getName(), file.toString())
                .redirectError(dir.resolve("child.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child JVM finishes");
        assertEquals(0, p.exitValue(), "child failed: " + Files.readString(dir.resolve("child.err")));
        double[][] expected = original.predictWindows(windows(Tiny.FEATURES));
        List<String> lines = out.lines().filter(l -> !l.isBlank() && Character.isDigit(l.charAt(0))).toList();
        assertEquals(expected.length, lines.size(), out);
        for (int i = 0; i < expected.length; i++) {
            double[] got = java.util.Arrays.stream(lines.get(i).split(" ")).mapToDouble(Double::parseDouble).toArray();
            assertArrayEquals(expected[i], got, "window " + i + " (bit-identical)");
        }
    }

    @Test
    void windowsOfAnotherShapeAreRefusedWithTheExpectedShape() throws IOException {
        ModelBundle b = bundle(ModelKind.BASELINE_CNN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.predict(windows(FeatureConfig.DEFAULT)));
        assertTrue(e.getMessage().contains("32 mel bands x 32 frames"), e.getMessage());
    }

    @Test
    void filesThatAreNotBundlesAreRefusedWithTheirName() throws IOException {
        Path text = dir.resolve("notes.zip");
        Files.writeString(text, "not a zip");
        IOException e = assertThrows(IOException.class, () -> ModelBundle.load(text));
        assertTrue(e.getMessage().contains("notes.zip") && e.getMessage().contains("not a zip"), e.getMessage());

        Path plain = dir.resolve("plain-dl4j.zip");
        ModelSerializer.writeModel(Tiny.architecture(ModelKind.DESCRIPTOR_MLP).build(new InputShape(32, 32, FeatureConfig.DEFAULT.descriptorCount()), 1e-3, 1),
                plain.toFile(), false);
        e = assertThrows(IOException.class, () -> ModelBundle.load(plain));
        assertTrue(e.getMessage().contains("not a mixer model bundle") && e.getMessage().contains("mixer train"), e.getMessage());

        e = assertThrows(IOException.class, () -> ModelBundle.load(dir.resolve("missing.zip")));
        assertTrue(e.getMessage().contains("missing.zip"), e.getMessage());
    }

    /** A folder names bundles by their model: a bundle of another model under that name is refused, not scored as it. */
    @Test
    void aBundleUnderAnotherModelsNameOrDamagedIsRefusedWithItsName() throws IOException {
        Path file = dir.resolve("baseline-cnn.zip");
        bundle(ModelKind.DESCRIPTOR_MLP).save(file);
        assertEquals(ModelKind.DESCRIPTOR_MLP, ModelBundle.load(file, ModelKind.DESCRIPTOR_MLP).kind());
        IOException e = assertThrows(IOException.class, () -> ModelBundle.load(file, ModelKind.BASELINE_CNN));
        assertTrue(e.getMessage().contains(file + ": its model is descriptor-mlp, not baseline-cnn"), e.getMessage());

        byte[] bytes = Files.readAllBytes(file); // damaged inside the network's entry, the zip's directory intact
        int entry = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("coefficients.bin");
        assertTrue(entry > 0 && entry + 400 < bytes.length, "the network's entry");
        for (int k = entry + 200; k < entry + 264; k++) bytes[k] ^= 0x5A;
        Path damaged = dir.resolve("damaged.zip");
        Files.write(damaged, bytes);
        e = assertThrows(IOException.class, () -> ModelBundle.load(damaged));
        assertTrue(e.getMessage().startsWith(damaged.toString()), e.getMessage());
    }

    @Test
    void aBundleIsAlsoAPlainDl4jModelFile() throws IOException {
        ModelBundle b = bundle(ModelKind.DESCRIPTOR_MLP);
        Path file = dir.resolve("mlp.zip");
        b.save(file);
        ComputationGraph net = ModelSerializer.restoreComputationGraph(file.toFile(), false);
        assertEquals(b.network().params(), net.params());
    }

    /**
     * A CNN of feature version 1 heard the log-mel alone (the CNNs hear descriptors since version 2): its bundle
     * feeds the network the inputs it has, computes version 1's features, and writes them as it found them.
     */
    @Test
    void aVersion1CnnThatHeardOnlyTheLogMelStillPredicts() throws IOException {
        ComputationGraph net = new ComputationGraph(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(3)
                .dataType(org.nd4j.linalg.api.buffer.DataType.FLOAT).graphBuilder()
                .addInputs(ModelKind.LOG_MEL)
                .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(32, 32, 2))
                .addLayer("conv", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(4).build(), ModelKind.LOG_MEL)
                .addLayer("gap", new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder().build(), "conv")
                .addLayer(ModelKind.OUTPUT, new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.L1).nOut(Param.COUNT)
                        .activation(org.nd4j.linalg.activations.Activation.SIGMOID).build(), "gap")
                .setOutputs(ModelKind.OUTPUT).build());
        net.init();
        FeatureConfig v1 = new FeatureConfig(Tiny.FEATURES.logMel(), Tiny.FEATURES.frames(), 1);
        List<Features> w = windows(v1);
        assertEquals(21, w.get(0).descriptors().length);
        FeatureNormalizer normalizer = FeatureNormalizer.fit(w);
        Path file = dir.resolve("old-cnn.zip");
        new ModelBundle(ModelKind.BASELINE_CNN, v1, normalizer, net, Map.of(), List.of()).save(file);
        assertTrue(!DlZip.entries(file).get("bundle.json").contains("version"), "version 1 is written as before versions");
        ModelBundle loaded = ModelBundle.load(file);
        assertEquals(v1, loaded.featureConfig());
        double[][] expected = new double[w.size()][];
        for (int i = 0; i < w.size(); i++) {
            expected[i] = net.output(false, normalizer.inputs(List.of(w.get(i)), List.of(ModelKind.LOG_MEL)))[0].getRow(0).toDoubleVector();
        }
        assertArrayEquals(expected, loaded.predictWindows(w));
    }

    @Test
    void aBundleCarriesItsFeatureVersion() throws IOException {
        ModelBundle b = bundle(ModelKind.DESCRIPTOR_MLP);
        Path file = dir.resolve("mlp.zip");
        b.save(file);
        int latest = mixer.dataset.features.FeatureConfig.LATEST_VERSION;
        assertEquals(latest, ModelBundle.load(file).featureConfig().version());
        assertTrue(DlZip.entries(file).get("bundle.json").contains("\"version\" : " + latest));
    }
}

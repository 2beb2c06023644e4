package mixer.training;

import mixer.dsp.io.AtomicFiles;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * DL4J's model zip (configuration.json, coefficients.bin, optionally updaterState.bin) with mixer's own
 * text entries beside them under {@code mixer/}. DL4J's loader reads its entries and ignores the rest,
 * so a bundle or checkpoint is also a plain DL4J model file. Writes are atomic.
 */
final class DlZip {

    static final String PREFIX = "mixer/";

    private DlZip() {
    }

    static void write(Path target, ComputationGraph network, boolean withUpdater, Map<String, String> entries) throws IOException {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, model, withUpdater);
        AtomicFiles.write(target, tmp -> {
            try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(file);
                 ZipInputStream dl4j = new ZipInputStream(new java.io.ByteArrayInputStream(model.toByteArray()))) {
                for (ZipEntry e; (e = dl4j.getNextEntry()) != null; ) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    dl4j.transferTo(zip);
                    zip.closeEntry();
                }
                for (Map.Entry<String, String> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(PREFIX + e.getKey()));
                    zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
        });
    }

    /** mixer's entries (names without the prefix); fails with the file's name when it is no zip. */
    static Map<String, String> entries(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (!e.getName().startsWith(PREFIX)) continue;
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(e.getName().substring(PREFIX.length()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a zip file (" + e.getMessage() + ")", e);
        }
        return out;
    }

    static ComputationGraph network(Path file, boolean withUpdater) throws IOException {
        try {
            return ModelSerializer.restoreComputationGraph(file.toFile(), withUpdater);
        } catch (RuntimeException e) {
            throw new IOException(file + ": the network in it cannot be read (" + e.getMessage() + ")", e);
        } catch (IOException e) { // a damaged entry: a ZipException whose message names no file
            throw new IOException(file + ": the network in it cannot be read (" + e.getMessage() + "): the file is damaged; "
                    + "copy it again or train it again", e);
        }
    }
}

package mixer.dsp.io;

import mixer.dsp.provenance.Provenance;
import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chart as a PNG file, written whole or not at all ({@link AtomicFiles}), that says what made it: mixer's version and
 * commit as its {@code Software} and the caller's words (a title, the song and models) as text chunks, as a WAV mixer
 * writes carries its software and how it was made ({@link AudioWriter}). A chart copied out of its report folder, or
 * compare's chart in the current folder, keeps its provenance. The text is UTF-8 (iTXt chunks), for any song's name.
 */
public final class PngFile {

    /** The keyword of the chunk that names the software: PNG's own ("Software", a predefined keyword). */
    public static final String SOFTWARE = "Software";

    private static final String FORMAT = "javax_imageio_png_1.0";

    private PngFile() {
    }

    /** Writes {@code image} to {@code png} with a {@link #SOFTWARE} chunk and one text chunk per entry of {@code text}. */
    public static void write(BufferedImage image, Path png, Map<String, String> text) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(SOFTWARE, Provenance.now().software());
        all.putAll(text);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next(); // the JDK's own: always there
        try {
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
            IIOMetadataNode itxt = new IIOMetadataNode("iTXt");
            for (Map.Entry<String, String> e : all.entrySet()) {
                IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
                entry.setAttribute("keyword", e.getKey());
                entry.setAttribute("compressionFlag", "FALSE");
                entry.setAttribute("compressionMethod", "0");
                entry.setAttribute("languageTag", "");
                entry.setAttribute("translatedKeyword", "");
                entry.setAttribute("text", e.getValue());
                itxt.appendChild(entry);
            }
            IIOMetadataNode root = new IIOMetadataNode(FORMAT);
            root.appendChild(itxt);
            metadata.mergeTree(FORMAT, root);
            AtomicFiles.write(png, tmp -> {
                try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
                    writer.setOutput(out);
                    writer.write(null, new IIOImage(image, null, metadata), null);
                }
            });
        } finally {
            writer.dispose();
        }
    }

    /** The text chunks of a PNG file (keyword to text), as {@link #write} wrote them; empty for a PNG without any. */
    public static Map<String, String> text(Path png) throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        try (var in = ImageIO.createImageInputStream(png.toFile())) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new IOException(png + ": not an image");
            var reader = readers.next();
            try {
                reader.setInput(in);
                Node root = reader.getImageMetadata(0).getAsTree(FORMAT);
                for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
                    if (!chunk.getNodeName().equals("iTXt") && !chunk.getNodeName().equals("tEXt")) continue;
                    for (Node e = chunk.getFirstChild(); e != null; e = e.getNextSibling()) {
                        Node value = e.getAttributes().getNamedItem(e.getNodeName().equals("iTXtEntry") ? "text" : "value");
                        text.put(e.getAttributes().getNamedItem("keyword").getNodeValue(), value.getNodeValue());
                    }
                }
            } finally {
                reader.dispose();
            }
        }
        return text;
    }
}

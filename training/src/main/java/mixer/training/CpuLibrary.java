package mixer.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which of ND4J's two CPU libraries runs the networks. The CPU build carries both: the generic
 * {@code linux-x86_64} one and {@code linux-x86_64-onednn-avx2}, whose oneDNN kernels run the
 * {@code conv2d} op of {@link ConvolutionHelpers} about 5x faster here (a CNN's forward pass on 16
 * windows 0.07 s to 0.013 s, a training step 4-7x faster). JavaCPP loads the one named by the system
 * property {@value #PROPERTY}, which it reads once, when the first native library (ND4J or FFmpeg) loads.
 */
public final class CpuLibrary {

    public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
    static final String ONEDNN = "-onednn-avx2";
    /** A file only the oneDNN jar has: the library is on the class path. */
    private static final String ONEDNN_LIBRARY = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libnd4jcpu.so";

    private CpuLibrary() {
    }

    /**
     * Asks for the oneDNN library where this CPU can run it (AVX2 and FMA) and it is on the class path,
     * unless the property is set already: {@code -Dorg.bytedeco.javacpp.platform.extension=} keeps the
     * generic library. Call it before anything loads a native library (the CLI does, first thing).
     */
    public static void choose() {
        if (System.getProperty(PROPERTY) != null) return;
        if (canRunOneDnn(cpuFlags()) && CpuLibrary.class.getClassLoader().getResource(ONEDNN_LIBRARY) != null) {
            System.setProperty(PROPERTY, ONEDNN);
        }
    }

    /** "onednn-avx2" or "generic": the library JavaCPP loads (or has loaded) in this JVM. */
    public static String describe() {
        return ONEDNN.equals(System.getProperty(PROPERTY)) ? "onednn-avx2" : "generic";
    }

    static boolean canRunOneDnn(Set<String> cpuFlags) {
        return cpuFlags.containsAll(List.of("avx2", "fma"));
    }

    /** The instruction-set flags of the first processor in /proc/cpuinfo; empty where there is none (not Linux). */
    static Set<String> cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) return Set.copyOf(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: keep the generic library
        }
        return Set.of();
    }
}

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

    /** The vector extensions by which oneDNN picks its kernels at run time (OpenBLAS picks by processor model). */
    static final List<String> KERNEL_FLAGS = List.of("avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl",
            "avx512_vnni", "avx512_bf16", "amx_tile");

    /**
     * For provenance: the processor's model and its {@link #KERNEL_FLAGS}, e.g. "AMD EPYC (avx2 fma avx512f ...)".
     * oneDNN runs AVX-512 kernels where the processor has them and AVX2 kernels elsewhere, and these sum in
     * another order, so the same run gives other CNN weights on a processor with other extensions.
     */
    public static String processor() {
        String model = cpuInfo("model name");
        Set<String> flags = cpuFlags();
        String extensions = String.join(" ", KERNEL_FLAGS.stream().filter(flags::contains).toList());
        return (model.isEmpty() ? System.getProperty("os.arch") : model) + (extensions.isEmpty() ? "" : " (" + extensions + ")");
    }

    static boolean canRunOneDnn(Set<String> cpuFlags) {
        return cpuFlags.containsAll(List.of("avx2", "fma"));
    }

    /** The instruction-set flags of the first processor in /proc/cpuinfo; empty where there is none (not Linux). */
    static Set<String> cpuFlags() {
        String flags = cpuInfo("flags");
        return flags.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(flags.split("\\s+")));
    }

    /** A field of the first processor in /proc/cpuinfo; empty where there is none (not Linux). */
    private static String cpuInfo(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(field)) return line.substring(colon + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: keep the generic library
        }
        return "";
    }
}

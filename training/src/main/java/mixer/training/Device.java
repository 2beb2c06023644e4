package mixer.training;

import java.util.Locale;

/**
 * Where the networks run. ND4J picks its backend from the class path: nd4j-native (CPU, the default
 * build) or nd4j-cuda (a build with {@code -Pcuda}); asking for a device whose backend is absent fails
 * here, with what to do, before any work starts.
 */
public enum Device {
    CPU, CUDA;

    static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Device of(String id) {
        for (Device d : values()) if (d.id().equalsIgnoreCase(id.trim())) return d;
        throw new IllegalArgumentException("unknown device '" + id + "'; expected cpu or cuda");
    }

    /** The device of the backend on the class path (CUDA when both are there: ND4J prefers it). */
    public static Device onClassPath() {
        return present(CUDA_BACKEND) ? CUDA : CPU;
    }

    /** Fails with a sentence saying how to get this device when its backend is not on the class path. */
    public void require() {
        if (this == CUDA && !present(CUDA_BACKEND)) {
            throw new IllegalStateException("--device cuda: no CUDA backend on the class path (this build carries nd4j-native, "
                    + "the CPU backend). On a machine with an NVIDIA driver and CUDA 11.6 + cuDNN 8, run the command as "
                    + "`MIXER_PROFILE=cuda ./mixer ...` (export MIXER_PROFILE=cuda to keep it): the launcher builds the GPU "
                    + "version (-Pcuda) and runs it; or drop --device to train on the CPU.");
        }
        if (this == CPU && !present(CPU_BACKEND)) {
            throw new IllegalStateException("--device cpu: this build carries only the CUDA backend (it was built with -Pcuda); "
                    + "use --device cuda, or rebuild without -Pcuda for the CPU.");
        }
        if (this == CUDA) {
            try {
                org.nd4j.linalg.factory.Nd4j.create(1); // starts the backend: fails here, not mid-epoch, without a driver
            } catch (Throwable e) {
                throw new IllegalStateException("--device cuda: " + didNotStart(e), e);
            }
        }
    }

    /**
     * Whether {@code e} is ND4J failing to start its backend (a CUDA build on a machine without a working GPU fails
     * this way in whichever command first touches ND4J).
     */
    public static boolean isBackendFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("org.nd4j.linalg.factory.Nd4jBackend")) return true;
            if (t instanceof NoClassDefFoundError && String.valueOf(t.getMessage()).contains("org.nd4j.linalg.factory.Nd4j")) return true;
        }
        return false;
    }

    /** The sentence for ND4J's backend failing to start: what it could not load and what to check. */
    public static String didNotStart(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String build = present(CUDA_BACKEND) ? "this is the CUDA build (MIXER_PROFILE=cuda): check that `nvidia-smi` sees the GPU "
                + "and that the CUDA 11.6 and cuDNN 8 libraries are installed (or add org.bytedeco:cuda-platform-redist:11.6-8.3-1.5.7 "
                + "to the build), or run without MIXER_PROFILE for the CPU build"
                : "the CPU build: run `./mixer` again to rebuild it";
        return "ND4J's backend did not start (" + root + "; ND4J's log above names the library it could not load); " + build + ".";
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Device.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** What provenance records: the device and the backend's own description. */
    public String describe() {
        if (this == CPU) {
            return "cpu (nd4j-native " + CpuLibrary.describe() + ", " + org.nd4j.linalg.factory.Nd4j.getEnvironment().maxMasterThreads() + " threads, "
                    + Runtime.getRuntime().availableProcessors() + " processors)";
        }
        return "cuda (" + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName() + ")";
    }
}

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
                    + "the CPU backend). Build the GPU version with `./mvnw -Pcuda -DskipTests package` on a machine with an "
                    + "NVIDIA driver and CUDA 11.6 + cuDNN 8, then run the same command; or drop --device to train on the CPU.");
        }
        if (this == CPU && !present(CPU_BACKEND)) {
            throw new IllegalStateException("--device cpu: this build carries only the CUDA backend (it was built with -Pcuda); "
                    + "use --device cuda, or rebuild without -Pcuda for the CPU.");
        }
        if (this == CUDA) {
            try {
                org.nd4j.linalg.factory.Nd4j.create(1); // starts the backend: fails here, not mid-epoch, without a driver
            } catch (Throwable e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) root = root.getCause();
                throw new IllegalStateException("--device cuda: the CUDA backend did not start (" + root
                        + "; ND4J's log above names the library it could not load). Check that `nvidia-smi` sees the GPU and that the CUDA 11.6 and cuDNN 8 libraries are installed "
                        + "(or add org.bytedeco:cuda-platform-redist:11.6-8.3-1.5.7 to the build).", e);
            }
        }
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

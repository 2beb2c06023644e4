package mixer.inference;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What to tell a user when Java ran out of memory: what ran out, the memory options this JVM was started with, and how
 * to give it more. The options are read from the JVM itself, so the sentence names the launcher's default or the
 * user's MIXER_JAVA_OPTS, whichever ran, and cannot drift from the launcher. One sentence for the command line's
 * failure and a batch's per-song reason.
 */
public final class OutOfMemory {

    private OutOfMemory() {
    }

    /** The sentence for this JVM. */
    public static String advice(OutOfMemoryError e) {
        return advice(e.getMessage(), ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** The sentence for a JVM started with these arguments ({@code what}: the error's message). */
    public static String advice(String what, List<String> jvmArguments) {
        String options = String.join(" ", jvmArguments.stream()
                .filter(a -> a.startsWith("-Xmx") || a.startsWith("-Dorg.bytedeco.javacpp.max")).toList());
        return "out of memory (" + what + ") with " + (options.isEmpty() ? "Java's default limits" : options)
                + "; give Java more with MIXER_JAVA_OPTS='-Xmx8g -Dorg.bytedeco.javacpp.maxbytes=8G"
                + " -Dorg.bytedeco.javacpp.maxphysicalbytes=16G'";
    }
}

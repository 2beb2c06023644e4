package mixer.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The benchmarks' memory figures: the heap's peak since a reset, and the process's peak resident memory. */
final class HeapPeak {

    private HeapPeak() {
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    /** Collects garbage, then starts counting the peak afresh. */
    static void reset() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks since {@link #reset()}, in bytes: an upper bound of the heap used at once. */
    static long read() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return (kb >> 10) + " MiB (VmHWM: JVM, native libraries and buffers included)";
                }
            }
        } catch (Exception e) {
            // not Linux: leave it out
        }
        return "n/a";
    }
}

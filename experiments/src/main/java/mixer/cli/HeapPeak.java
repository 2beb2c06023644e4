package mixer.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** The benchmarks' memory figures: the heap's peak since a reset, and the process's peak resident memory. */
final class HeapPeak {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

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
        OptionalLong bytes = peakResidentBytes();
        return bytes.isPresent() ? (bytes.getAsLong() >> 20) + " MiB (VmHWM: JVM, native libraries and buffers included)" : "n/a";
    }

    /** The process's peak resident memory (the kernel's VmHWM) since it started or since {@link #resetResidentPeak()}; empty where not Linux. */
    static OptionalLong peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) { // "VmHWM:   123456 kB"
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) << 10);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: no figure
        }
        return OptionalLong.empty();
    }

    /**
     * Sets the peak resident memory back to the resident size now (Linux 4.0 and later); nothing where it cannot. It
     * also lowers what `/usr/bin/time -v` reports as the process's maximum (the kernel reads the same mark at exit).
     */
    static void resetResidentPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | RuntimeException e) {
            // an older kernel or no /proc: the peak then runs from the process's start
        }
    }
}

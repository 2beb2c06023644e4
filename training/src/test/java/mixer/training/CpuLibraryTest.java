package mixer.training;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CpuLibraryTest {

    @Test
    void oneDnnNeedsAvx2AndFma() {
        assertTrue(CpuLibrary.canRunOneDnn(Set.of("sse4_2", "avx", "avx2", "fma", "avx512f")));
        assertFalse(CpuLibrary.canRunOneDnn(Set.of("sse4_2", "avx", "fma")), "no avx2");
        assertFalse(CpuLibrary.canRunOneDnn(Set.of()), "no /proc/cpuinfo: the generic library");
    }

    @Test
    void thisMachinesFlagsAreRead() {
        Set<String> flags = CpuLibrary.cpuFlags();
        if (System.getProperty("os.arch").equals("amd64") && java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/cpuinfo"))) {
            assertTrue(flags.contains("sse2"), "every x86-64 processor has sse2: " + flags);
        }
    }

    @Test
    void theProcessorIsDescribedWithTheExtensionsThatPickKernels() {
        String p = CpuLibrary.processor();
        assertFalse(p.isBlank());
        if (CpuLibrary.cpuFlags().contains("avx2")) assertTrue(p.contains("(avx2"), p);
        if (!CpuLibrary.cpuFlags().contains("avx512f")) assertFalse(p.contains("avx512"), p);
    }

    @Test
    void aChoiceTheUserMadeIsKept() {
        String before = System.getProperty(CpuLibrary.PROPERTY);
        try {
            System.setProperty(CpuLibrary.PROPERTY, "");
            CpuLibrary.choose();
            assertEquals("", System.getProperty(CpuLibrary.PROPERTY));
            assertEquals("generic", CpuLibrary.describe());
        } finally {
            if (before == null) System.clearProperty(CpuLibrary.PROPERTY);
            else System.setProperty(CpuLibrary.PROPERTY, before);
        }
    }
}

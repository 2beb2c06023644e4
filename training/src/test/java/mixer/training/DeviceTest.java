package mixer.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DeviceTest {

    @Test
    void cudaWithoutItsBackendFailsSayingHowToBuildIt() {
        assertEquals(Device.CPU, Device.onClassPath(), "the default build carries nd4j-native");
        Device.CPU.require();
        IllegalStateException e = assertThrows(IllegalStateException.class, Device.CUDA::require);
        assertTrue(e.getMessage().contains("no CUDA backend") && e.getMessage().contains("`MIXER_PROFILE=cuda ./mixer ...`"), e.getMessage());
        assertEquals(Device.CUDA, Device.of("CUDA"));
        assertThrows(IllegalArgumentException.class, () -> Device.of("tpu"));
    }

    /** A CUDA build without a GPU fails in whichever command first touches ND4J: that failure is told apart and explained. */
    @Test
    void aBackendThatDidNotStartIsToldApartAndExplained() {
        Throwable failed = new ExceptionInInitializerError(new RuntimeException(
                new org.nd4j.linalg.factory.Nd4jBackend.NoAvailableBackendException("Please ensure that you have an nd4j backend")));
        assertTrue(Device.isBackendFailure(failed));
        assertTrue(Device.isBackendFailure(new NoClassDefFoundError("Could not initialize class org.nd4j.linalg.factory.Nd4j")));
        assertFalse(Device.isBackendFailure(new NoClassDefFoundError("picocli/CommandLine$ParameterException")));
        String said = Device.didNotStart(failed);
        assertTrue(said.startsWith("ND4J's backend did not start (") && said.contains("nd4j backend") && said.contains("the CPU build"), said);
    }
}

package mixer.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DeviceTest {

    @Test
    void cudaWithoutItsBackendFailsSayingHowToBuildIt() {
        assertEquals(Device.CPU, Device.onClassPath(), "the default build carries nd4j-native");
        Device.CPU.require();
        IllegalStateException e = assertThrows(IllegalStateException.class, Device.CUDA::require);
        assertTrue(e.getMessage().contains("no CUDA backend") && e.getMessage().contains("-Pcuda"), e.getMessage());
        assertEquals(Device.CUDA, Device.of("CUDA"));
        assertThrows(IllegalArgumentException.class, () -> Device.of("tpu"));
    }
}

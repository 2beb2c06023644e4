package mixer.inference;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutOfMemoryTest {

    @Test
    void namesTheLimitsThisJvmRanWithAndHowToRaiseThem() {
        String launched = OutOfMemory.advice("Java heap space", List.of("-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=2G",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=9G", "-XX:+UseParallelGC", "-XX:OnError=echo"));
        assertEquals("out of memory (Java heap space) with -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=2G"
                + " -Dorg.bytedeco.javacpp.maxphysicalbytes=9G; give Java more with MIXER_JAVA_OPTS='-Xmx8g"
                + " -Dorg.bytedeco.javacpp.maxbytes=8G -Dorg.bytedeco.javacpp.maxphysicalbytes=16G'", launched);
        assertTrue(OutOfMemory.advice("Java heap space", List.of()).contains("with Java's default limits;"));
    }

    @Test
    void readsThisJvmsOwnArguments() {
        String advice = OutOfMemory.advice(new OutOfMemoryError("Direct buffer memory"));
        assertTrue(advice.startsWith("out of memory (Direct buffer memory) with "), advice);
    }
}

package mixer.inference;

import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.provenance.Sha256;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The comparison chart's spectrum, bit for bit: each line is a case and the SHA-256 of its band centres
 * and levels as exact hex text (Double.toHexString). Measured on commit 42e36b3, before the short-time
 * analysis moved to mixer.dsp.analysis; a change that moves one bit of a charted level fails here.
 */
class SpectrumGoldenTest {

    @Test
    void spectraAreBitForBitThoseOf42e36b3() {
        StringBuilder actual = new StringBuilder();
        for (int rate : new int[] {32_000, 44_100, 48_000}) line(actual, "music " + rate, SyntheticMusic.generate(3.0, rate, rate + 5));
        line(actual, "shorter than the fft", SyntheticMusic.generate(2000 / 44_100.0, 44_100, 9));
        line(actual, "silence", Audio.silence(10_000, 48_000));
        // long enough that only MAX_FRAMES evenly spaced frames are averaged
        line(actual, "more than max frames", SyntheticMusic.generate(38.0, 44_100, 10));
        assertEquals("""
                music 32000 c8d56ef99e3c4f2d0b3e9dc9f724f028b46c9b202f293ca0c6a6cdac4a9fc35a
                music 44100 6427882ce4c3dfed1f3c17f8e949b8bc8edaf36250750c03aa8d36812ab090cb
                music 48000 daf2cb9fac33bb6ecc075165f8e44128e20e2ffe69b581dfa32f7df72f7a88b8
                shorter than the fft 059adc277db6724402d7dc0300ccfb3c19d2768bfb812f10e47959bdf7ccba40
                silence 41eef3aae8f85d752c4eb36456cf8d803b7d8e7bff9f5eb172099011544114e4
                more than max frames c15a8a9cb4a5ad9581aae87d5ef366005c704024a8d55f3b068c139048e13c73
                """, actual.toString());
    }

    private static void line(StringBuilder out, String name, Audio audio) {
        Spectrum s = Spectrum.of(audio);
        String hex = DoubleStream.concat(Arrays.stream(s.bandHz()), Arrays.stream(s.db()))
                .mapToObj(Double::toHexString).collect(Collectors.joining(" "));
        out.append(name).append(' ').append(Sha256.of(hex)).append('\n');
    }
}

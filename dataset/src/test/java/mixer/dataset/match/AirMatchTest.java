package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Match other's second stage: the air read from two crops of one piece of synthetic music. */
class AirMatchTest {

    static final double[] TRUE = LinearStagesTest.TRUE;

    @Test
    void theAirIsReadFromTheOtherCropsTopOctavesAndBlendedWithTheNetworks() {
        Audio track = SyntheticMusic.generate(10, 44_100, 11);
        int half = track.frames() / 2;
        Audio a = track.slice(0, half), b = track.slice(half, track.frames());
        for (double airDb : new double[] {-9, 0, 7.5}) {
            MixSettings truth = MixSettings.ofNormalized(TRUE).with(Param.AIR_DB, airDb);
            Audio reference = Renderer.render(b, truth, false);
            // the network's other settings a little off, its air far off
            MixSettings predicted = LinearStagesTest.laterMoved(0.05).with(Param.AIR_DB, airDb > 0 ? -6 : 6);
            double read = AirMatch.readDb(List.of(a), List.of(reference), predicted);
            // measured 2026-12-03: within 0.39 dB (the two halves differ a little in their own balance)
            assertEquals(airDb, read, 0.6, "air " + airDb + " dB");
            MixSettings found = AirMatch.estimate(a, reference, predicted);
            Param air = Param.AIR_DB;
            assertEquals(0.5 * air.toNormalized(read) + 0.5 * predicted.normalized(air), found.normalized(air), 1e-9,
                    "the pair's reading and the network's, evenly");
            for (Param p : Param.all()) {
                if (p != air) assertEquals(predicted.get(p), found.get(p), 0, p.id + " is the network's");
            }
            assertEquals(found, AirMatch.estimate(List.of(a), List.of(reference), predicted), "one piece or a list of one");
        }
    }

    @Test
    void theSameCropGivesTheAirExactlyAndAPairItCannotReadKeepsThePrediction() {
        Audio x = SyntheticMusic.generate(5, 48_000, 13);
        MixSettings truth = MixSettings.ofNormalized(TRUE).with(Param.AIR_DB, 4);
        MixSettings predicted = truth.with(Param.AIR_DB, -4);
        // the stages after the air are linear and time-invariant, so the air shelf applied last reads the same
        assertEquals(4, AirMatch.readDb(List.of(x), List.of(Renderer.render(x, truth, false)), predicted), 0.002); // measured 0.0007 dB off

        Audio low = SyntheticMusic.generate(5, 22_050, 13); // the chain bypasses the 12 kHz shelf below 24 kHz
        assertEquals(predicted, AirMatch.estimate(low, Renderer.render(low, truth, false), predicted));
        assertEquals(predicted, AirMatch.estimate(x, Renderer.render(SyntheticMusic.generate(5, 44_100, 13), truth, false), predicted),
                "a reference at another rate");
        Audio silence = Audio.silence(48_000, 48_000);
        assertEquals(predicted, AirMatch.estimate(silence, silence, predicted));
    }
}

package mixer.dsp.loudness;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Locale;
import mixer.dsp.Audio;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The meter against FFmpeg's ebur128 filter on real music (the FLAC excerpts in
 * test resources, see music/CREDITS.csv), at the file's own rate and resampled to 44.1 / 48 kHz.
 * FFmpeg measures 44.1 kHz material after resampling it to 48 kHz (its filter only runs at 48 kHz).
 */
class LoudnessVsFfmpegTest {

    @TempDir
    Path temp;

    @BeforeEach
    void needsFfmpeg() {
        Ffmpeg.assumeAvailable();
    }

    @ParameterizedTest(name = "{0} at {1} Hz")
    @CsvSource({
        "freezingpoint.flac, 44100",
        "start1.flac, 44100",
        "calmrace.flac, 48000",
        "freezingpoint.flac, 48000",
        "calmrace.flac, 44100",
    })
    void matchesFfmpegEbur128(String file, int rateHz) {
        Audio audio = Ffmpeg.decode(Ffmpeg.resource("music/" + file), rateHz, temp);
        assertEquals(rateHz, audio.sampleRateHz());
        // FFmpeg measures exactly the float signal this meter reads
        Path wav = temp.resolve("measured.wav");
        Ffmpeg.writeFloatWav(audio, wav);
        Ffmpeg.Ebur128 ref = Ffmpeg.ebur128(wav);
        Loudness ours = LoudnessMeter.measure(audio);
        double tpAnnex2 = TruePeakMeter.measureDbtp(audio, TruePeakMeter.Interpolator.BS1770);
        System.out.printf(Locale.ROOT,
                "%-20s %6d Hz  I %8.3f vs %8.3f (%+.3f)  LRA %6.3f vs %6.3f (%+.3f)  TP %7.3f vs %7.3f (%+.3f; Annex 2 filter %+.3f)%n",
                file, rateHz, ours.integratedLufs(), ref.integratedLufs(),
                ours.integratedLufs() - ref.integratedLufs(), ours.loudnessRangeLu(), ref.loudnessRangeLu(),
                ours.loudnessRangeLu() - ref.loudnessRangeLu(), ours.truePeakDbtp(), ref.truePeakDbtp(),
                ours.truePeakDbtp() - ref.truePeakDbtp(), tpAnnex2 - ref.truePeakDbtp());
        // measured within 0.006 LU, 0.006 LU and 0.005 dB (the README quotes it); EBU Tech 3341 allows 0.1 LU
        assertAll(
                () -> assertEquals(ref.integratedLufs(), ours.integratedLufs(), 0.02, "integrated loudness, LUFS"),
                () -> assertEquals(ref.loudnessRangeLu(), ours.loudnessRangeLu(), 0.02, "loudness range, LU"),
                () -> assertEquals(ref.truePeakDbtp(), ours.truePeakDbtp(), 0.02, "true peak, dBTP"),
                () -> assertEquals(ref.truePeakDbtp(), tpAnnex2, 0.3, "true peak with the Annex 2 filter, dBTP"),
                // the summary FFmpeg prints (one decimal) says the same
                () -> assertEquals(ref.summaryIntegratedLufs(), ours.integratedLufs(), 0.15, "summary I"),
                () -> assertEquals(ref.summaryLoudnessRangeLu(), ours.loudnessRangeLu(), 0.15, "summary LRA"));
    }

    /** A mono file is one channel for BS.1770 and FFmpeg, not dual mono (which reads 3 LU louder). */
    @ParameterizedTest(name = "{0} as mono")
    @CsvSource({"freezingpoint.flac", "calmrace.flac"})
    void monoIsMeasuredAsMono(String file) throws Exception {
        Path mono = Ffmpeg.monoWav(Ffmpeg.resource("music/" + file), temp);
        mixer.dsp.io.AudioFile read = mixer.dsp.io.AudioReader.read(mono);
        assertEquals(1, read.sourceChannels());
        Ffmpeg.Ebur128 ref = Ffmpeg.ebur128(mono);
        Loudness ours = LoudnessMeter.measure(read.audio(), read.sourceChannels());
        try (mixer.dsp.io.AudioInput in = mixer.dsp.io.AudioReader.open(mono)) {
            assertEquals(ours, LoudnessMeter.measure(in, in.sourceChannels()), "streaming reads the same");
        }
        assertAll(
                () -> assertEquals(ref.integratedLufs(), ours.integratedLufs(), 0.02, "integrated loudness, LUFS"),
                () -> assertEquals(ref.loudnessRangeLu(), ours.loudnessRangeLu(), 0.02, "loudness range, LU"),
                () -> assertEquals(ref.truePeakDbtp(), ours.truePeakDbtp(), 0.02, "true peak, dBTP"),
                () -> assertEquals(ours.integratedLufs() + 10 * Math.log10(2), LoudnessMeter.measure(read.audio()).integratedLufs(), 0.01,
                        "as dual mono (stereo) it would read 3 LU louder"));
    }
}

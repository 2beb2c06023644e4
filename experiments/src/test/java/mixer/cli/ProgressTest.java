package mixer.cli;

import mixer.dsp.AudioSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.*;

/** Progress over a long file: a line every few seconds of wall time; nothing for a file done sooner or of unknown length. */
class ProgressTest {

    private static final float[][] ONE_SECOND = new float[2][44_100];

    @Test
    void aLongFileShowsHowManySecondsOfItAreDone() throws IOException {
        StringWriter text = new StringWriter();
        AudioSink sink = new Progress(new PrintWriter(text), false).frames(10 * 44_100, 44_100, "rendered", 0);
        for (int s = 0; s < 3; s++) sink.write(ONE_SECOND, 0, 44_100);
        assertTrue(text.toString().contains("3/10 rendered (seconds of audio)"), text.toString());
    }

    @Test
    void aFileDoneWithinTheIntervalOrOfUnknownLengthShowsNothing() throws IOException {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text), false);
        AudioSink quick = progress.frames(10 * 44_100, 44_100, "rendered");
        AudioSink unknown = progress.frames(-1, 44_100, "rendered", 0);
        for (int s = 0; s < 10; s++) {
            quick.write(ONE_SECOND, 0, 44_100);
            unknown.write(ONE_SECOND, 0, 44_100);
        }
        assertEquals("", text.toString());
    }
}

package mixer.dsp.stages;

import mixer.dsp.Audio;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reverb and delay returns: identity at 0, the shape of their wet paths, stable inverses. */
class SendsTest {

    @Test
    void sendZeroIsAnExactIdentity() {
        Audio in = TestSignals.music(48000, 0.4, 6);
        for (var p : new mixer.dsp.InvertibleProcessor[] {new ReverbSend(0), new DelaySend(0),
                new ReverbSend(0).inverse(), new DelaySend(0).inverse()}) {
            Audio out = TestSignals.run(p, in);
            assertArrayEquals(in.left(), out.left(), p.toString());
            assertArrayEquals(in.right(), out.right(), p.toString());
        }
    }

    /** R starts after the 15 ms pre-delay (so the inverse is a causal recursion) and is decorrelated. */
    @Test
    void reverbTailStartsAfterThePreDelayAndDiffersBetweenSides() {
        int rate = 44100;
        float[][] s = new float[2][rate];
        s[0][0] = s[1][0] = 1;
        Audio out = TestSignals.run(new ReverbSend(0.5), new Audio(s, rate));
        int preDelay = (int) Math.round(ReverbTank.PRE_DELAY_MS / 1000 * rate);
        assertEquals(1f, out.left()[0]);
        for (int i = 1; i < preDelay; i++) {
            assertEquals(0f, out.left()[i], "no wet signal before the pre-delay, sample " + i);
            assertEquals(0f, out.right()[i]);
        }
        // measured: 1.523e-3 RMS from the pre-delay to 1 s, each side
        assertEquals(1.523e-3, TestSignals.rms(out.left(), preDelay, rate), 0.05e-3, "the left tail's level");
        assertEquals(1.523e-3, TestSignals.rms(out.right(), preDelay, rate), 0.05e-3, "the right tail's level");
        double diff = 0;
        for (int i = 0; i < rate; i++) diff += Math.abs(out.left()[i] - out.right()[i]);
        assertTrue(diff > 20, "left and right tails differ (measured: 41.7 summed over 1 s): " + diff);
    }

    /**
     * |R(e^jw)| <= 1 at every frequency, for each side: the small-gain condition behind the stable
     * inverse. Checked on R's impulse response (3 s: by then the tail has decayed by over 150 dB) at 400 frequencies.
     */
    @Test
    void reverbMagnitudeResponseNeverExceedsOne() {
        int rate = 44100;
        ReverbTank tank = new ReverbTank();
        tank.prepare(rate);
        int n = 3 * rate;
        double[][] h = new double[2][n];
        for (int start = 0; start < n; ) {
            int count = Math.min(n - start, tank.maxRun());
            tank.peek(count);
            for (int j = 0; j < count; j++) {
                h[0][start + j] = tank.wetL[j];
                h[1][start + j] = tank.wetR[j];
                tank.mid[j] = start + j == 0 ? 1 : 0;
            }
            tank.push(count);
            start += count;
        }
        for (double[] side : h) {
            double maxMagnitude = 0;
            for (int k = 0; k <= 400; k++) {
                double w = Math.PI * k / 400 * 0.999 + 1e-3;
                // DFT at w by a rotating phasor (one complex multiply per sample instead of sin and cos).
                double stepRe = Math.cos(w);
                double stepIm = -Math.sin(w);
                double pRe = 1;
                double pIm = 0;
                double re = 0;
                double im = 0;
                for (int i = 0; i < n; i++) {
                    re += side[i] * pRe;
                    im += side[i] * pIm;
                    double t = pRe * stepRe - pIm * stepIm;
                    pIm = pRe * stepIm + pIm * stepRe;
                    pRe = t;
                }
                maxMagnitude = Math.max(maxMagnitude, Math.hypot(re, im));
            }
            assertTrue(maxMagnitude <= 1 + 1e-9, "max |R| " + maxMagnitude);
            assertTrue(maxMagnitude > 0.5, "and the reverb is not silent: " + maxMagnitude);
        }
    }

    /** {@link ReverbSend#response} is the send's wet path: render(x, s) - x = s * R(mid x), to float rounding. */
    @Test
    void theReverbResponseIsWhatTheSendAdds() {
        int rate = 32_000;
        Audio x = TestSignals.music(rate, 1.0, 7);
        Audio y = TestSignals.run(new ReverbSend(0.5), x);
        float[] mid = new float[x.frames()];
        for (int i = 0; i < mid.length; i++) mid[i] = 0.5f * (x.left()[i] + x.right()[i]);
        float[][] r = ReverbSend.response(mid, rate);
        double worst = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < mid.length; i++) worst = Math.max(worst, Math.abs(y.stereo()[c][i] - x.stereo()[c][i] - 0.5 * r[c][i]));
        }
        assertTrue(worst < 1e-6, "largest difference " + worst);
        assertTrue(TestSignals.rms(r[0], 0, mid.length) > 0.01, "and the response is not silent");
    }

    @Test
    void delayEchoesAfter250msAndFeedsBackAt035() {
        int rate = 48000;
        float[][] s = new float[2][rate];
        s[0][0] = 1;
        Audio out = TestSignals.run(new DelaySend(0.4), new Audio(s, rate));
        int n = DelaySend.delaySamples(rate);
        assertEquals(12_000, n);
        assertEquals(1f, out.left()[0]);
        assertEquals(0.4f, out.left()[n], 1e-7f);
        assertEquals(0.4f * 0.35f, out.left()[2 * n], 1e-7f);
        assertEquals(0.4f * 0.35f * 0.35f, out.left()[3 * n], 1e-7f);
        assertEquals(0f, out.left()[n - 1]);
        assertEquals(0f, out.left()[n + 1]);
        assertEquals(0f, TestSignals.peak(out.right(), 0, rate), "channels are separate");
    }

    /** The inverses are recursions; driven by 10 s of arbitrary audio at maximum send they stay bounded. */
    @Test
    void inversesStayBoundedOverTenSecondsAtMaximumSend() {
        int rate = 44100;
        Audio y = TestSignals.noise(rate, 0.1, 10, 12);
        for (var inverse : new mixer.dsp.InvertibleProcessor[] {new ReverbSend(ReverbSend.MAX_SEND).inverse(),
                new DelaySend(DelaySend.MAX_SEND).inverse()}) {
            Audio x = TestSignals.run(inverse, y);
            for (float[] ch : x.stereo()) {
                double lastSecond = TestSignals.rms(ch, 9 * rate, 10 * rate);
                double firstSecond = TestSignals.rms(ch, 0, rate);
                assertTrue(lastSecond < 3 * 0.1, inverse + ": rms " + lastSecond + " in the last second");
                assertTrue(lastSecond < 1.5 * firstSecond, inverse + ": not growing");
                assertTrue(TestSignals.peak(ch, 0, ch.length) < 2, inverse + ": peak bounded");
            }
        }
    }

    @Test
    void invalidSendsAreRejectedWithASentenceNamingThem() {
        for (double bad : new double[] {-0.1, 0.61, Double.NaN}) {
            BiquadTest.assertNamed("send", () -> new ReverbSend(bad));
        }
        for (double bad : new double[] {-0.1, 0.51, Double.NaN}) {
            BiquadTest.assertNamed("send", () -> new DelaySend(bad));
        }
    }
}

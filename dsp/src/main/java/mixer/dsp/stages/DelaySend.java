package mixer.dsp.stages;

import mixer.dsp.AudioSpec;
import mixer.dsp.InvertibleProcessor;

/**
 * A tempo-free echo return, per channel: y = x + send * D(x), D(z) = z^-N / (1 - 0.35 z^-N), N = 250 ms.
 * The inverse X/Y = (1 - 0.35 z^-N) / (1 + (send - 0.35) z^-N) is stable: its poles have radius
 * |send - 0.35|^(1/N) < 1 for any send in [0, 0.5]. Forward and inverse run the same tick (peek the
 * delay line, compute y or x, push x + feedback * wet). Send 0 is an exact identity.
 */
public final class DelaySend implements InvertibleProcessor {

    public static final double DELAY_MS = 250;
    public static final double FEEDBACK = 0.35;
    public static final double MAX_SEND = 0.5;

    private final double send;
    private final boolean inverse;
    private final double[][] lines = new double[AudioSpec.CHANNELS][];
    private int pos;
    private boolean prepared;

    public DelaySend(double send) {
        this(send, false);
    }

    private DelaySend(double send, boolean inverse) {
        this.send = Require.inRange("send", send, 0, MAX_SEND, "", "the chain allows at most " + MAX_SEND);
        this.inverse = inverse;
    }

    public double send() {
        return send;
    }

    public boolean isInverse() {
        return inverse;
    }

    /** The echo's lag N in samples at this rate: 250 ms, rounded. */
    public static int delaySamples(int sampleRateHz) {
        return Math.max(1, (int) Math.round(DELAY_MS / 1000 * sampleRateHz));
    }

    @Override
    public void prepare(AudioSpec spec) {
        int n = delaySamples(spec.sampleRateHz());
        for (int ch = 0; ch < lines.length; ch++) lines[ch] = new double[n];
        pos = 0;
        prepared = true;
    }

    @Override
    public void process(float[][] stereo, int offset, int length) {
        Require.prepared(prepared, this);
        if (send == 0) return; // exact identity
        int newPos = pos;
        for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
            newPos = processChannel(stereo[ch], lines[ch], offset, offset + length, pos);
        }
        pos = newPos;
    }

    /** The shared tick, per sample: wet = u[n - N]; y or x; u[n] = x + feedback * wet. */
    private int processChannel(float[] x, double[] line, int from, int end, int p) {
        double s = send;
        boolean inv = inverse;
        int n = line.length;
        for (int i = from; i < end; i++) {
            double wet = line[p];
            float dry;
            if (!inv) {
                dry = x[i];
                x[i] = (float) (dry + s * wet);
            } else {
                dry = (float) (x[i] - s * wet);
                x[i] = dry;
            }
            line[p] = Require.flush(dry + FEEDBACK * wet);
            if (++p == n) p = 0;
        }
        return p;
    }

    @Override
    public void reset() {
        for (double[] line : lines) {
            if (line != null) java.util.Arrays.fill(line, 0);
        }
        pos = 0;
    }

    @Override
    public DelaySend inverse() {
        return new DelaySend(send, !inverse);
    }

    @Override
    public String toString() {
        return (inverse ? "inverse of " : "") + "DelaySend[" + send + "]";
    }
}

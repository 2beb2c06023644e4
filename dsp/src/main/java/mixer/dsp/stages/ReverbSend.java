package mixer.dsp.stages;

import mixer.dsp.AudioSpec;
import mixer.dsp.InvertibleProcessor;

/**
 * A reverb return: y = x + send * R(m) with m = (xL + xR) / 2 and R the fixed {@link ReverbTank}.
 * R's output at sample n depends on m only up to n - 1 (pre-delay), so the inverse
 * x[n] = y[n] - send * R(m_x)[n] is an exact recursion; it is stable by the small-gain theorem, since
 * the mid loop gain is |send * (R_L + R_R) / 2| <= send <= 0.6 < 1. Forward and inverse run the same
 * tick (peek the wet signal, compute y or x, push m), so they cannot drift; it runs over runs of up to
 * the pre-delay length, which gives the same bits as one sample at a time. Send 0 is an exact identity.
 */
public final class ReverbSend implements InvertibleProcessor {

    public static final double MAX_SEND = 0.6;

    private final double send;
    private final boolean inverse;
    private final ReverbTank tank = new ReverbTank();
    private boolean prepared;

    public ReverbSend(double send) {
        this(send, false);
    }

    private ReverbSend(double send, boolean inverse) {
        this.send = Require.inRange("send", send, 0, MAX_SEND, "",
                "the inverse needs a loop gain below 1 and the chain allows at most " + MAX_SEND);
        this.inverse = inverse;
    }

    public double send() {
        return send;
    }

    public boolean isInverse() {
        return inverse;
    }

    @Override
    public void prepare(AudioSpec spec) {
        tank.prepare(spec.sampleRateHz());
        prepared = true;
    }

    @Override
    public void process(float[][] stereo, int offset, int length) {
        Require.prepared(prepared, this);
        if (send == 0) return; // exact identity
        float[] l = stereo[0];
        float[] r = stereo[1];
        ReverbTank t = tank;
        double s = send;
        boolean inv = inverse;
        int end = offset + length;
        for (int start = offset; start < end; ) {
            int count = Math.min(end - start, t.maxRun());
            t.peek(count); // the shared tick, run over `count` samples: peek wet, y or x, push m
            double[] wl = t.wetL;
            double[] wr = t.wetR;
            double[] m = t.mid;
            for (int j = 0, i = start; j < count; j++, i++) {
                float xl;
                float xr;
                if (!inv) { // y = x + send * wet
                    xl = l[i];
                    xr = r[i];
                    l[i] = (float) (xl + s * wl[j]);
                    r[i] = (float) (xr + s * wr[j]);
                } else {    // x = y - send * wet
                    xl = (float) (l[i] - s * wl[j]);
                    xr = (float) (r[i] - s * wr[j]);
                    l[i] = xl;
                    r[i] = xr;
                }
                m[j] = 0.5 * ((double) xl + xr);
            }
            t.push(count);
            start += count;
        }
    }

    @Override
    public void reset() {
        if (prepared) tank.reset();
    }

    /**
     * The fixed reverb R itself, without the dry signal: its left and right outputs {@code [2][n]} for the
     * mono input {@code mid}, from silence. A send adds {@code send * R(m)} to the signal, with m its mid,
     * so the features can look for this response in a mix (and, after the inverse, its subtraction).
     */
    public static float[][] response(float[] mid, int sampleRateHz) {
        ReverbTank t = new ReverbTank();
        t.prepare(sampleRateHz);
        float[][] out = new float[2][mid.length];
        for (int start = 0; start < mid.length; start += t.maxRun()) {
            int count = Math.min(mid.length - start, t.maxRun());
            t.peek(count);
            for (int j = 0; j < count; j++) {
                out[0][start + j] = (float) t.wetL[j];
                out[1][start + j] = (float) t.wetR[j];
                t.mid[j] = mid[start + j];
            }
            t.push(count);
        }
        return out;
    }

    @Override
    public ReverbSend inverse() {
        return new ReverbSend(send, !inverse);
    }

    @Override
    public String toString() {
        return (inverse ? "inverse of " : "") + "ReverbSend[" + send + "]";
    }
}

package mixer.dsp.io;

import static org.bytedeco.ffmpeg.global.avutil.AV_CH_LAYOUT_STEREO;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_double;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_int;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import java.io.IOException;

import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

import mixer.dsp.AudioSource;
import mixer.dsp.AudioSpec;

/**
 * A source at another sample rate, converted block by block with FFmpeg's resampler (libswresample, already on the
 * class path with the decoder), so a song of any length converts in bounded memory. The chain itself always works at
 * a file's own rate; this is for a second file that must be heard at the first one's rate (a reference to mix
 * toward). Delivers every converted frame, the resampler's tail included, so the length is the source's times the
 * ratio of the rates (within a frame); reading it in blocks of any size gives the same output.
 */
public final class Resampler implements AudioSource {

    private static final int BLOCK_FRAMES = 1 << 14;
    /**
     * Twice FFmpeg's default filter, passing up to 0.99 of the lower Nyquist frequency (its default 0.97): a reference
     * taken 44.1 -> 48 -> 44.1 kHz then moved the air read from its top octave by 0.024 of the range, now 0.010.
     */
    private static final int FILTER_TAPS = 64;
    private static final double CUTOFF = 0.99;

    private final AudioSource source;
    private final AudioSpec spec;
    private final SwrContext swr;
    private final float[][] in = new float[AudioSpec.CHANNELS][BLOCK_FRAMES];
    private final FloatPointer[] inPlanes = {new FloatPointer(BLOCK_FRAMES), new FloatPointer(BLOCK_FRAMES)};
    private final PointerPointer<FloatPointer> inPointers = new PointerPointer<>(inPlanes);
    private FloatPointer[] outPlanes = new FloatPointer[0];
    private PointerPointer<FloatPointer> outPointers;
    private float[][] pending = new float[AudioSpec.CHANNELS][0];
    private int pendingStart, pendingEnd;
    private boolean ended;

    /** {@code source} converted to {@code rateHz}; closing this closes the source. */
    public Resampler(AudioSource source, int rateHz) throws IOException {
        this.spec = new AudioSpec(rateHz); // validates the rate
        this.source = source;
        int from = source.spec().sampleRateHz();
        SwrContext s = swr_alloc_set_opts(null, AV_CH_LAYOUT_STEREO, AV_SAMPLE_FMT_FLTP, rateHz,
                AV_CH_LAYOUT_STEREO, AV_SAMPLE_FMT_FLTP, from, 0, null);
        if (s == null || av_opt_set_int(s, "filter_size", FILTER_TAPS, 0) < 0 || av_opt_set_double(s, "cutoff", CUTOFF, 0) < 0
                || swr_init(s) < 0) {
            if (s != null) swr_free(s);
            throw new IOException("FFmpeg's resampler cannot convert " + from + " Hz to " + rateHz + " Hz");
        }
        this.swr = s;
    }

    @Override
    public AudioSpec spec() {
        return spec;
    }

    /** Unknown before reading: the resampler's tail decides the last frame. */
    @Override
    public long frames() {
        return -1;
    }

    @Override
    public int read(float[][] stereo, int offset, int maxFrames) throws IOException {
        while (pendingStart == pendingEnd && !ended) convertNextBlock();
        int n = Math.min(maxFrames, pendingEnd - pendingStart);
        for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) System.arraycopy(pending[ch], pendingStart, stereo[ch], offset, n);
        pendingStart += n;
        return n;
    }

    /** Converts the source's next block, or at its end drains the resampler's tail; sets {@code pending}. */
    private void convertNextBlock() throws IOException {
        int frames = source.read(in, 0, BLOCK_FRAMES);
        int room = swr_get_out_samples(swr, frames) + 16;
        ensureOutput(room);
        int out;
        if (frames > 0) {
            for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) inPlanes[ch].put(in[ch], 0, frames);
            out = swr_convert(swr, outPointers, room, inPointers, frames);
        } else {
            out = swr_convert(swr, outPointers, room, (PointerPointer<?>) null, 0); // the end: flush the tail
            ended = out <= 0;
        }
        if (out < 0) throw new IOException("FFmpeg's resampler failed (error " + out + ")");
        for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) outPlanes[ch].get(pending[ch], 0, out);
        pendingStart = 0;
        pendingEnd = out;
    }

    private void ensureOutput(int frames) {
        if (outPlanes.length > 0 && outPlanes[0].capacity() >= frames) return;
        for (FloatPointer p : outPlanes) p.close();
        outPlanes = new FloatPointer[] {new FloatPointer(frames), new FloatPointer(frames)};
        if (outPointers != null) outPointers.close();
        outPointers = new PointerPointer<>(outPlanes);
        pending = new float[AudioSpec.CHANNELS][frames];
    }

    @Override
    public void close() throws IOException {
        swr_free(swr);
        for (FloatPointer p : inPlanes) p.close();
        for (FloatPointer p : outPlanes) p.close();
        inPointers.close();
        if (outPointers != null) outPointers.close();
        source.close();
    }
}

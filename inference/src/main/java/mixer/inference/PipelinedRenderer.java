package mixer.inference;

import mixer.dsp.Audio;
import mixer.dsp.AudioSpec;
import mixer.dsp.Renderer;
import mixer.dsp.chain.MixChain;
import mixer.dsp.limiter.TruePeakLimiter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * {@link Renderer#render} on two cores, with the same output bit for bit: the chain is cut in two
 * (input gain, compressor and the four EQs on a worker thread; reverb, delay, width, output gain and
 * the safety limiter on the caller's thread) and the halves work on consecutive blocks like an
 * assembly line. Every stage sees exactly the samples and block boundaries it sees in
 * {@link Renderer}, so nothing changes but the wall time. The cut balances the CPU time measured on
 * a 3-minute song here (about 0.3 s per half, 0.65 s in all; the compressor, the reverb and the
 * limiter are the dear stages), so the render takes a little over half as long.
 */
public final class PipelinedRenderer {

    /** The block of {@link MixChain} and {@code Offline}: boundaries stay where they are in {@link Renderer}. */
    static final int BLOCK_FRAMES = 4096;
    /** Blocks handed from the first half to the second at a time. */
    static final int BLOCKS_PER_HANDOVER = 4;
    /** Shorter audio is not worth a thread. */
    static final int MIN_FRAMES = 8 * BLOCK_FRAMES;

    private static final Set<Param> FIRST_HALF = EnumSet.of(Param.INPUT_GAIN_DB, Param.COMP_RATIO, Param.HIGH_EQ_DB,
            Param.MID_EQ_DB, Param.LOW_EQ_DB, Param.AIR_DB);

    private PipelinedRenderer() {
    }

    /** Exactly {@code Renderer.render(input, settings, limiter)}; the input is not modified. */
    public static Audio render(Audio input, MixSettings settings, boolean limiter) {
        if (input.frames() < MIN_FRAMES || Runtime.getRuntime().availableProcessors() < 2) {
            return Renderer.render(input, settings, limiter);
        }
        MixChain first = MixChain.of(settings), second = MixChain.of(settings);
        for (Param p : Param.all()) {
            if (FIRST_HALF.contains(p)) second = second.bypass(p);
            else first = first.bypass(p);
        }
        Audio out = input.copy();
        AudioSpec spec = out.spec();
        first.prepare(spec);
        second.prepare(spec);
        TruePeakLimiter safety = limiter ? new TruePeakLimiter(Renderer.LIMITER_CEILING_DBTP) : null;
        LimiterFeed feed = safety == null ? null : new LimiterFeed(safety, out);

        float[][] data = out.stereo();
        int frames = out.frames();
        int handover = BLOCK_FRAMES * BLOCKS_PER_HANDOVER;
        Semaphore ready = new Semaphore(0);
        Throwable[] failure = new Throwable[1];
        final MixChain firstHalf = first;
        Thread worker = new Thread(() -> {
            try {
                for (int from = 0; from < frames; from += handover) {
                    firstHalf.process(data, from, Math.min(handover, frames - from));
                    ready.release(); // happens-before the caller's acquire: it sees these samples
                }
            } catch (Throwable t) {
                failure[0] = t;
                ready.release(Integer.MAX_VALUE / 2);
            }
        }, "mixer-render-first-half");
        worker.setDaemon(true);
        worker.start();
        try {
            for (int from = 0; from < frames; from += handover) {
                ready.acquireUninterruptibly();
                if (failure[0] != null) throw new IllegalStateException("rendering failed: " + failure[0], failure[0]);
                int n = Math.min(handover, frames - from);
                second.process(data, from, n);
                if (feed != null) feed.upTo(from + n);
            }
        } finally {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (feed != null) feed.upTo(frames);
        return out;
    }

    /**
     * The limiter over the audio in place, block by block as {@code Offline.processInPlace} feeds it
     * (the same 4096-frame blocks, the look-ahead compensated by writing output frame t at t - latency),
     * but only as far as the chain has finished.
     */
    private static final class LimiterFeed {
        private final TruePeakLimiter limiter;
        private final float[][] data;
        private final int frames;
        private final int latency;
        private final float[][] block = new float[AudioSpec.CHANNELS][BLOCK_FRAMES];
        private int offset;

        LimiterFeed(TruePeakLimiter limiter, Audio audio) {
            limiter.prepare(audio.spec());
            this.limiter = limiter;
            this.data = audio.stereo();
            this.frames = audio.frames();
            this.latency = limiter.latencyFrames();
        }

        /** Feeds every block whose input lies below {@code done}; with {@code done == frames}, all of them and the tail. */
        void upTo(int done) {
            int total = frames + latency;
            while (offset < total) {
                int n = Math.min(BLOCK_FRAMES, total - offset);
                int input = Math.max(0, Math.min(n, frames - offset)); // the rest of the block is silence
                if (offset + input > done) return; // the chain is not there yet
                int skip = Math.max(0, latency - offset);               // outputs before the first input frame
                for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
                    if (input > 0) System.arraycopy(data[ch], offset, block[ch], 0, input);
                    Arrays.fill(block[ch], input, n, 0f);
                }
                limiter.process(block, 0, n);
                if (skip < n) {
                    for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
                        System.arraycopy(block[ch], skip, data[ch], offset + skip - latency, n - skip);
                    }
                }
                offset += n;
            }
        }
    }
}

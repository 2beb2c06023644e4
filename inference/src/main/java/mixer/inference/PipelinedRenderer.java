package mixer.inference;

import mixer.dsp.Audio;
import mixer.dsp.AudioSpec;
import mixer.dsp.Renderer;
import mixer.dsp.chain.MixChain;
import mixer.dsp.limiter.TruePeakLimiter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link Renderer#render} on two cores, with the same output bit for bit: the work is cut in three
 * (input gain, compressor and the four EQs; reverb, delay, width and output gain; the safety limiter),
 * each on its own thread, working on consecutive blocks like an assembly line. Every stage sees
 * exactly the samples and block boundaries it sees in {@link Renderer}, so nothing changes but the
 * wall time. CPU time measured on a 3-minute song here: about 0.3 s for each part; with two cores
 * and three parts the operating system keeps both cores busy, where a cut in two left one core
 * waiting for the slower half (the reverb and the limiter together).
 */
public final class PipelinedRenderer {

    /** The block of {@link MixChain} and {@code Offline}: boundaries stay where they are in {@link Renderer}. */
    static final int BLOCK_FRAMES = 4096;
    /** Blocks handed from one part to the next at a time. */
    static final int BLOCKS_PER_HANDOVER = 4;
    /** Shorter audio is not worth a thread. */
    static final int MIN_FRAMES = 8 * BLOCK_FRAMES;

    private static final Set<Param> FIRST_PART = EnumSet.of(Param.INPUT_GAIN_DB, Param.COMP_RATIO, Param.HIGH_EQ_DB,
            Param.MID_EQ_DB, Param.LOW_EQ_DB, Param.AIR_DB);

    private PipelinedRenderer() {
    }

    /** One part of the assembly line: processes the frames [from, from + n), in order. */
    private interface Part {
        void process(int from, int n);
    }

    /** Exactly {@code Renderer.render(input, settings, limiter)}; the input is not modified. */
    public static Audio render(Audio input, MixSettings settings, boolean limiter) {
        if (input.frames() < MIN_FRAMES || Runtime.getRuntime().availableProcessors() < 2) {
            return Renderer.render(input, settings, limiter);
        }
        MixChain first = MixChain.of(settings), second = MixChain.of(settings);
        for (Param p : Param.all()) {
            if (FIRST_PART.contains(p)) second = second.bypass(p);
            else first = first.bypass(p);
        }
        Audio out = input.copy();
        AudioSpec spec = out.spec();
        first.prepare(spec);
        second.prepare(spec);
        float[][] data = out.stereo();
        int frames = out.frames();

        List<Part> parts = new ArrayList<>();
        MixChain firstPart = first, secondPart = second;
        parts.add((from, n) -> firstPart.process(data, from, n));
        parts.add((from, n) -> secondPart.process(data, from, n));
        if (limiter) {
            LimiterFeed feed = new LimiterFeed(new TruePeakLimiter(Renderer.LIMITER_CEILING_DBTP), out);
            parts.add((from, n) -> feed.upTo(from + n)); // the last handover ends at frames: the tail too
        }
        run(parts, frames);
        return out;
    }

    /**
     * Runs the parts in order over every handover of the audio: part k + 1 takes a handover once part k
     * has released it. The last part runs on the caller's thread, the others on their own.
     */
    private static void run(List<Part> parts, int frames) {
        int handover = BLOCK_FRAMES * BLOCKS_PER_HANDOVER;
        Semaphore[] done = new Semaphore[parts.size() - 1]; // handovers part k has finished
        for (int k = 0; k < done.length; k++) done[k] = new Semaphore(0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int k = 0; k < parts.size() - 1; k++) {
            int part = k;
            Thread t = new Thread(() -> {
                try {
                    for (int from = 0; from < frames; from += handover) {
                        if (part > 0) done[part - 1].acquireUninterruptibly();
                        if (failure.get() != null) return;
                        parts.get(part).process(from, Math.min(handover, frames - from));
                        done[part].release(); // happens-before the next part's acquire: it sees these samples
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    for (Semaphore s : done) s.release(Integer.MAX_VALUE / 2); // nobody waits for ever
                }
            }, "mixer-render-part-" + (part + 1));
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        try {
            Part last = parts.get(parts.size() - 1);
            for (int from = 0; from < frames; from += handover) {
                done[done.length - 1].acquireUninterruptibly();
                if (failure.get() != null) break;
                last.process(from, Math.min(handover, frames - from));
            }
        } finally {
            for (Thread t : workers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        Throwable f = failure.get();
        if (f != null) throw new IllegalStateException("rendering failed: " + f, f);
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

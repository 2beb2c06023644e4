package mixer.dsp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams audio from a source through processors into a sink, in blocks: the one place that feeds
 * processors and compensates their latency. Output frame t is input frame t processed by every step,
 * and the output is exactly as long as the input (a step's look-ahead is filled with silence at the
 * end and its first {@link Processor#latencyFrames()} outputs are dropped). Memory is a few blocks,
 * whatever the length of the stream.
 *
 * <p>Serial: every step on the caller's thread, block after block. Parallel: each step on its own
 * thread, an assembly line of blocks handed on through small queues (the source is read on the first
 * step's thread, the sink written on the last one's, the caller's). Processors are block-size
 * invariant (see {@link Processor}), so both give the same output bit for bit.
 */
public final class Pipeline {

    /**
     * Frames per block (512 KiB of stereo float; the chain works through it in cache-sized sub-blocks).
     * Measured on a 3-minute song streamed file to file on 2 cores: 16 Ki frames 0.55 s, 64 Ki 0.47 s
     * (fewer handovers), 128 Ki 0.46 s.
     */
    public static final int BLOCK_FRAMES = 65_536;
    /** Blocks in flight per step: enough for every thread to have work while the others hand on. */
    private static final int BLOCKS_PER_STEP = 3;
    private static final long POLL_MS = 50;

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mixer-pipeline");
        t.setDaemon(true);
        return t;
    });

    private Pipeline() {
    }

    /**
     * Prepares the processors for the source's rate (a fresh stream), runs the source through them in
     * order and writes the result to the sink; returns the number of frames written (the source's).
     * A failure anywhere (reading, processing, writing) stops the run and is rethrown here.
     */
    public static long run(AudioSource source, List<? extends Processor> steps, AudioSink sink, boolean parallel)
            throws IOException {
        return new Run(source, steps, sink, parallel && steps.size() > 1).go();
    }

    /** The processors over a whole audio in memory, serially; the input is not modified. */
    public static Audio process(Audio input, Processor... steps) {
        float[][] out = new float[AudioSpec.CHANNELS][input.frames()];
        long[] at = {0};
        try {
            run(AudioSource.of(input), List.of(steps), (stereo, offset, frames) -> {
                for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) System.arraycopy(stereo[ch], offset, out[ch], (int) at[0], frames);
                at[0] += frames;
            }, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory in, memory out: cannot happen
        }
        return new Audio(out, input.sampleRateHz());
    }

    private static final class Block {
        final float[][] data;
        int frames;

        Block(int capacity) {
            data = new float[AudioSpec.CHANNELS][capacity];
        }
    }

    /** Marks the end of the stream in a queue. */
    private static final Block END = new Block(0);

    /** One processor with its latency compensated. */
    private static final class Step {
        final Processor processor;
        final int latency;
        long toDrop;

        Step(Processor processor, AudioSpec spec) {
            processor.prepare(spec);
            this.processor = processor;
            this.latency = processor.latencyFrames();
            this.toDrop = latency;
        }

        /** Processes the block in place and drops the outputs that precede the first input frame. */
        void process(Block b) {
            processor.process(b.data, 0, b.frames);
            if (toDrop > 0) {
                int drop = (int) Math.min(toDrop, b.frames);
                for (float[] ch : b.data) System.arraycopy(ch, drop, ch, 0, b.frames - drop);
                b.frames -= drop;
                toDrop -= drop;
            }
        }
    }

    private static final class Run {
        final AudioSource source;
        final Step[] steps;
        final AudioSink sink;
        final boolean parallel;
        final int lanes;                          // threads: one per step, or one for all
        final BlockingQueue<Block> pool;          // free blocks
        final List<BlockingQueue<Block>> handover; // into lane k + 1
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        long written;

        Run(AudioSource source, List<? extends Processor> processors, AudioSink sink, boolean parallel) {
            this.source = source;
            this.sink = sink;
            this.parallel = parallel;
            this.steps = new Step[processors.size()];
            for (int k = 0; k < steps.length; k++) steps[k] = new Step(processors.get(k), source.spec());
            this.lanes = parallel ? steps.length : 1;
            int blocks = parallel ? BLOCKS_PER_STEP * lanes : 1;
            long known = source.frames();
            int capacity = known >= 0 ? (int) Math.max(1, Math.min(BLOCK_FRAMES, known)) : BLOCK_FRAMES; // short audio, small blocks
            this.pool = new ArrayBlockingQueue<>(blocks);
            for (int i = 0; i < blocks; i++) pool.add(new Block(capacity));
            this.handover = new ArrayList<>();
            for (int k = 0; k + 1 < lanes; k++) handover.add(new ArrayBlockingQueue<>(blocks + 1));
        }

        long go() throws IOException {
            List<Future<?>> others = new ArrayList<>();
            for (int lane = 0; lane + 1 < lanes; lane++) {
                int l = lane;
                others.add(THREADS.submit(() -> lane(l)));
            }
            lane(lanes - 1);
            for (Future<?> f : others) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, e);
                } catch (java.util.concurrent.ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                }
            }
            Throwable f = failure.get();
            if (f == null) return written;
            if (f instanceof IOException io) throw io;
            if (f instanceof RuntimeException r) throw r;
            if (f instanceof Error err) throw err;
            throw new IllegalStateException(f);
        }

        /** The steps of a lane: all of them serially, step {@code lane} in parallel. */
        private int first(int lane) {
            return parallel ? lane : 0;
        }

        private int end(int lane) {
            return parallel ? lane + 1 : steps.length;
        }

        private void lane(int lane) {
            try {
                if (lane == 0) {
                    readSource();
                } else {
                    for (Block b; (b = take(handover.get(lane - 1))) != END; ) {
                        if (failure.get() == null) through(lane, first(lane), b);
                        else recycle(b);
                    }
                }
                if (failure.get() == null) {
                    for (int s = first(lane); s < end(lane); s++) tail(lane, s);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                if (lane > 0) drain(handover.get(lane - 1)); // upstream must not block on a full queue
            } finally {
                if (lane + 1 < lanes) handover.get(lane).add(END);
            }
        }

        private void readSource() throws IOException, InterruptedException {
            while (failure.get() == null) {
                Block b = freeBlock();
                if (b == null) return;
                int n = 0;
                for (int m; n < b.data[0].length && (m = source.read(b.data, n, b.data[0].length - n)) > 0; ) n += m;
                if (n == 0) {
                    recycle(b);
                    return;
                }
                b.frames = n;
                through(0, 0, b);
            }
        }

        /** After the last block: a step with latency still holds that many frames; silence pushes them out. */
        private void tail(int lane, int step) throws IOException, InterruptedException {
            Step s = steps[step];
            for (int left = s.latency; left > 0; ) {
                Block b = freeBlock();
                if (b == null) return;
                int n = Math.min(left, b.data[0].length);
                for (float[] ch : b.data) java.util.Arrays.fill(ch, 0, n, 0f);
                b.frames = n;
                left -= n;
                s.process(b);
                if (b.frames == 0) recycle(b);
                else through(lane, step + 1, b);
            }
        }

        /** Runs the block through the lane's steps from {@code step} on, then hands it on (or writes it). */
        private void through(int lane, int step, Block b) throws IOException, InterruptedException {
            for (int s = step; s < end(lane); s++) {
                steps[s].process(b);
                if (b.frames == 0) {
                    recycle(b);
                    return;
                }
            }
            if (lane + 1 < lanes) {
                handover.get(lane).put(b);
            } else {
                try {
                    sink.write(b.data, 0, b.frames);
                    written += b.frames;
                } finally {
                    recycle(b);
                }
            }
        }

        /** A free block, or null once the run has failed (checked while waiting, so that nobody waits for ever). */
        private Block freeBlock() throws InterruptedException {
            while (true) {
                Block b = pool.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (b != null) return b;
                if (failure.get() != null) return null;
            }
        }

        private Block take(BlockingQueue<Block> q) throws InterruptedException {
            return q.take();
        }

        private void recycle(Block b) {
            b.frames = 0;
            pool.offer(b);
        }

        private void drain(BlockingQueue<Block> q) {
            try {
                for (Block b; (b = q.take()) != END; ) recycle(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

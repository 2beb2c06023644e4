package mixer.cli;

import java.io.PrintWriter;

/**
 * A progress bar on stderr: redrawn in place on a terminal, one line per step otherwise (logs, pipes,
 * tests), so it never garbles what goes to stdout.
 */
final class Progress {

    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final boolean inPlace;
    private final long startNs = System.nanoTime();
    private boolean open;

    Progress(PrintWriter err, boolean inPlace) {
        this.err = err;
        this.inPlace = inPlace;
    }

    /** On a command's error writer; redrawn in place when a person watches a terminal. */
    static Progress on(PrintWriter err) {
        return new Progress(err, System.console() != null);
    }

    /** Shows {@code done} of {@code total} finished and what is being worked on. */
    void show(int done, int total, String what) {
        int filled = total == 0 ? WIDTH : (int) Math.round((double) WIDTH * done / total);
        double elapsed = (System.nanoTime() - startNs) / 1e9;
        String eta = done == 0 || done == total ? "" : String.format(" ~%.0f s left", elapsed / done * (total - done));
        String line = String.format("[%s%s] %d/%d %s%s", "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, what, eta);
        if (inPlace) {
            err.print("\r\033[K" + line);
            open = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Prints a message on its own line without breaking the bar. */
    void message(String text) {
        clear();
        err.println(text);
    }

    /** Takes the bar off the line so that other output starts on a clean one. */
    void clear() {
        if (open) {
            err.print("\r\033[K");
            err.flush();
            open = false;
        }
    }

    /**
     * A sink that counts the frames of a file of {@code totalFrames} streamed through it and shows how far it is, every
     * {@link #EVERY_SECONDS} s of wall time: a long file gets a bar, a file done within that gets none. Nothing where the
     * length is not known.
     */
    mixer.dsp.AudioSink frames(long totalFrames, int rateHz, String what) {
        return frames(totalFrames, rateHz, what, EVERY_SECONDS * 1_000_000_000L);
    }

    mixer.dsp.AudioSink frames(long totalFrames, int rateHz, String what, long everyNanos) {
        if (totalFrames <= 0) return (stereo, offset, n) -> { };
        long[] done = {0}, shownNs = {System.nanoTime()};
        int totalSeconds = (int) Math.max(1, totalFrames / rateHz);
        return (stereo, offset, n) -> {
            done[0] += n;
            long now = System.nanoTime();
            if (now - shownNs[0] >= everyNanos) {
                shownNs[0] = now;
                show((int) Math.min(totalSeconds, done[0] / rateHz), totalSeconds, what + " (seconds of audio)");
            }
        };
    }

    static final long EVERY_SECONDS = 5;

    void finish() {
        if (open) err.println();
        open = false;
    }
}

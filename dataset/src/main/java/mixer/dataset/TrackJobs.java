package mixer.dataset;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a dataset build runs its work on each track (hashing, checking, rendering): one track after another in
 * this process ({@link #inProcess}), or as a cluster job with one task per track (module {@code scale}). The
 * work itself is a pure function of the item, so both give the same dataset.
 */
public interface TrackJobs {

    /** Work on one item; serialisable so that a cluster can ship it to the machines that run it. */
    @FunctionalInterface
    interface Work<T extends Serializable, R extends Serializable> extends Serializable {
        R apply(T item) throws IOException;
    }

    /**
     * {@code work} applied to every item, the results in the items' order; {@code what} names the work in
     * progress lines ("rendering the validation and test tracks").
     */
    <T extends Serializable, R extends Serializable> List<R> map(String what, List<T> items, Work<T, R> work) throws IOException;

    /** One item after another in this process, with a progress line every 25 items or 10 s, whichever comes first. */
    static TrackJobs inProcess(Consumer<String> log) {
        return inProcess(log, System::nanoTime);
    }

    /**
     * {@link #inProcess(Consumer)} on the given clock (nanoseconds). The 10 s matter for a few long tracks: a dozen songs
     * of four minutes rendered for minutes without a line, as 25 tracks never came.
     */
    static TrackJobs inProcess(Consumer<String> log, java.util.function.LongSupplier nanoClock) {
        return new TrackJobs() {
            @Override
            public <T extends Serializable, R extends Serializable> List<R> map(String what, List<T> items, Work<T, R> work)
                    throws IOException {
                List<R> results = new ArrayList<>(items.size());
                long lastLine = nanoClock.getAsLong();
                for (T item : items) {
                    results.add(work.apply(item));
                    long now = nanoClock.getAsLong();
                    if ((results.size() % 25 == 0 || now - lastLine >= 10_000_000_000L) && results.size() < items.size()) {
                        log.accept(what + ": " + results.size() + "/" + items.size() + " tracks");
                        lastLine = now;
                    }
                }
                return results;
            }
        };
    }
}

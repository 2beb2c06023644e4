package mixer.dataset.iterators;

import mixer.dataset.TrainingExamples;
import mixer.dataset.features.Descriptors;
import mixer.dataset.features.Features;
import mixer.dsp.params.Param;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.NoSuchElementException;

/**
 * Epochs of on-the-fly training examples as ND4J batches: inputs {@code [spectrogram (N, 2, bands,
 * frames), descriptors (N, D)]}, labels {@code (N, 10)}. Every {@link #reset()} starts the next epoch
 * with fresh crops and settings; two iterators with the same examples and seed give the same batches.
 * Wrap it in {@link org.nd4j.linalg.dataset.AsyncMultiDataSetIterator} to prefetch on a background thread.
 */
public final class TrainingIterator implements MultiDataSetIterator {

    private final TrainingExamples examples;
    private final int batchSize;
    private MultiDataSetPreProcessor preProcessor;
    private int epoch;
    private int[] order;
    private int cursor;

    public TrainingIterator(TrainingExamples examples, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        this.examples = examples;
        this.batchSize = batchSize;
        this.order = examples.order(0);
    }

    public int epoch() {
        return epoch;
    }

    /** Jumps to the start of an epoch (resuming a run). */
    public void startEpoch(int epoch) {
        this.epoch = epoch;
        this.order = examples.order(epoch);
        this.cursor = 0;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public MultiDataSet next() {
        return next(batchSize);
    }

    @Override
    public MultiDataSet next(int num) {
        if (!hasNext()) throw new NoSuchElementException("epoch " + epoch + " is finished; call reset()");
        int n = Math.min(num, order.length - cursor);
        TrainingExamples.Labelled[] batch = new TrainingExamples.Labelled[n];
        for (int i = 0; i < n; i++) batch[i] = examples.draw(epoch, order[cursor + i]);
        cursor += n;
        MultiDataSet ds = toMultiDataSet(batch);
        if (preProcessor != null) preProcessor.preProcess(ds);
        return ds;
    }

    /** Stacks labelled windows into one batch. */
    public static MultiDataSet toMultiDataSet(TrainingExamples.Labelled[] batch) {
        Features first = batch[0].features();
        int bands = first.logMel()[0].length, frames = first.logMel()[0][0].length;
        float[] spec = new float[batch.length * 2 * bands * frames];
        float[] desc = new float[batch.length * Descriptors.size()];
        float[] labels = new float[batch.length * Param.COUNT];
        int s = 0;
        for (int i = 0; i < batch.length; i++) {
            float[][][] mel = batch[i].features().logMel();
            for (int c = 0; c < 2; c++) {
                for (int b = 0; b < bands; b++) {
                    System.arraycopy(mel[c][b], 0, spec, s, frames);
                    s += frames;
                }
            }
            System.arraycopy(batch[i].features().descriptors(), 0, desc, i * Descriptors.size(), Descriptors.size());
            for (int p = 0; p < Param.COUNT; p++) labels[i * Param.COUNT + p] = (float) batch[i].targets()[p];
        }
        INDArray specArr = Nd4j.create(spec, new long[] {batch.length, 2, bands, frames}, 'c');
        INDArray descArr = Nd4j.create(desc, new long[] {batch.length, Descriptors.size()}, 'c');
        INDArray labelArr = Nd4j.create(labels, new long[] {batch.length, Param.COUNT}, 'c');
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {specArr, descArr}, new INDArray[] {labelArr});
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts the next epoch: fresh crops and settings for every track. */
    @Override
    public void reset() {
        startEpoch(epoch + 1);
    }
}

package mixer.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import mixer.dataset.features.Features;
import mixer.training.models.ModelKind;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Standardises what a network sees: the log-mel values by channel (mid, side; a match task's pairs have six) and each descriptor by
 * its own mean and standard deviation, all fitted once on a seeded sample of training examples. The
 * statistics are global, not per example, so absolute level (which the gain settings change) stays
 * visible to the network. It travels inside every model bundle.
 */
public final class FeatureNormalizer {

    /** Below this a standard deviation counts as zero (a constant feature): it is then left unscaled. */
    private static final double MIN_STD = 1e-6;

    private final double[] logMelMean;
    private final double[] logMelStd;
    private final double[] descriptorMean;
    private final double[] descriptorStd;

    FeatureNormalizer(double[] logMelMean, double[] logMelStd, double[] descriptorMean, double[] descriptorStd) {
        if (logMelMean.length == 0 || logMelMean.length != logMelStd.length) {
            throw new IllegalArgumentException("log-mel means and deviations must have one positive length (a value per channel)");
        }
        if (descriptorMean.length != descriptorStd.length || descriptorMean.length == 0) {
            throw new IllegalArgumentException("descriptor means and deviations must have one positive length");
        }
        this.logMelMean = logMelMean.clone();
        this.logMelStd = logMelStd.clone();
        this.descriptorMean = descriptorMean.clone();
        this.descriptorStd = descriptorStd.clone();
    }

    /** Means and standard deviations of a sample of windows. */
    public static FeatureNormalizer fit(List<Features> sample) {
        if (sample.isEmpty()) throw new IllegalArgumentException("cannot fit a normaliser on no examples");
        int d = sample.get(0).descriptors().length, channels = sample.get(0).logMel().length;
        double[] melSum = new double[channels], melSq = new double[channels];
        long[] melCount = new long[channels];
        double[] dSum = new double[d], dSq = new double[d];
        for (Features f : sample) {
            if (f.logMel().length != channels) {
                throw new IllegalArgumentException("windows disagree on the channel count: " + channels + " and " + f.logMel().length);
            }
            for (int c = 0; c < channels; c++) {
                for (float[] band : f.logMel()[c]) {
                    for (float v : band) {
                        melSum[c] += v;
                        melSq[c] += (double) v * v;
                    }
                    melCount[c] += band.length;
                }
            }
            float[] desc = f.descriptors();
            if (desc.length != d) throw new IllegalArgumentException("windows disagree on the descriptor count: " + d + " and " + desc.length);
            for (int i = 0; i < d; i++) {
                dSum[i] += desc[i];
                dSq[i] += (double) desc[i] * desc[i];
            }
        }
        double[] melMean = new double[channels], melStd = new double[channels];
        for (int c = 0; c < channels; c++) {
            melMean[c] = melSum[c] / melCount[c];
            melStd[c] = std(melSq[c] / melCount[c] - melMean[c] * melMean[c]);
        }
        double[] dMean = new double[d], dStd = new double[d];
        for (int i = 0; i < d; i++) {
            dMean[i] = dSum[i] / sample.size();
            dStd[i] = std(dSq[i] / sample.size() - dMean[i] * dMean[i]);
        }
        FeatureNormalizer n = new FeatureNormalizer(melMean, melStd, dMean, dStd);
        n.requireFinite();
        return n;
    }

    private static double std(double variance) {
        double s = Math.sqrt(Math.max(0, variance));
        return s < MIN_STD ? 1 : s;
    }

    private void requireFinite() {
        for (double[] a : new double[][] {logMelMean, logMelStd, descriptorMean, descriptorStd}) {
            for (double v : a) {
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("feature statistics are not finite (a NaN or infinite feature in the training sample): " + this);
                }
            }
        }
    }

    public int descriptorCount() {
        return descriptorMean.length;
    }

    /** Log-mel channels: 2 (mid, side), or 6 for a match task's pairs. */
    public int channels() {
        return logMelMean.length;
    }

    /**
     * The named inputs ({@link ModelKind#LOG_MEL}, {@link ModelKind#DESCRIPTORS}) for these windows, normalised, in
     * this order: a stored network's own list, since a kind's inputs changed (the CNNs hear descriptors since feature version 2).
     */
    public INDArray[] inputs(List<Features> windows, List<String> names) {
        if (windows.isEmpty()) throw new IllegalArgumentException("no windows to predict from");
        return names.stream().map(name -> name.equals(ModelKind.LOG_MEL) ? logMel(windows) : descriptors(windows))
                .toArray(INDArray[]::new);
    }

    private INDArray logMel(List<Features> windows) {
        float[][][] first = windows.get(0).logMel();
        int bands = first[0].length, frames = first[0][0].length, channels = channels();
        float[] out = new float[windows.size() * channels * bands * frames];
        int at = 0;
        for (Features f : windows) {
            float[][][] mel = f.logMel();
            if (mel.length != channels || mel[0].length != bands || mel[0][0].length != frames) {
                throw new IllegalArgumentException("expected windows of " + channels + " x " + bands + " x " + frames
                        + " (as in training), got " + mel.length + " x " + mel[0].length + " x " + mel[0][0].length
                        + (mel.length != channels ? ": a match model hears an input and a reference, a blind one the input only" : ""));
            }
            for (int c = 0; c < channels; c++) {
                float mean = (float) logMelMean[c], scale = (float) (1 / logMelStd[c]);
                for (float[] band : mel[c]) {
                    for (float v : band) out[at++] = (v - mean) * scale;
                }
            }
        }
        return Nd4j.create(out, new long[] {windows.size(), channels, bands, frames}, 'c');
    }

    private INDArray descriptors(List<Features> windows) {
        int d = descriptorMean.length;
        float[] out = new float[windows.size() * d];
        int at = 0;
        for (Features f : windows) {
            float[] desc = f.descriptors();
            if (desc.length != d) {
                throw new IllegalArgumentException("expected " + d + " descriptors per window (as in training), got " + desc.length);
            }
            for (int i = 0; i < d; i++) out[at++] = (float) ((desc[i] - descriptorMean[i]) / descriptorStd[i]);
        }
        return Nd4j.create(out, new long[] {windows.size(), d}, 'c');
    }

    /**
     * For {@link mixer.dataset.TrainingExamples#batch} batches ([log-mel, descriptors] and labels):
     * normalises in place and keeps only the inputs {@code kind} uses, in its order.
     */
    public MultiDataSetPreProcessor preProcessor(ModelKind kind) {
        return new MultiDataSetPreProcessor() {
            @Override
            public void preProcess(MultiDataSet batch) {
                INDArray mel = batch.getFeatures(0), desc = batch.getFeatures(1);
                if (kind.usesLogMel()) {
                    for (int c = 0; c < logMelMean.length; c++) {
                        mel.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all())
                                .subi(logMelMean[c]).divi(logMelStd[c]);
                    }
                }
                if (kind.usesDescriptors()) {
                    desc.subiRowVector(Nd4j.create(descriptorMean).castTo(desc.dataType()))
                            .diviRowVector(Nd4j.create(descriptorStd).castTo(desc.dataType()));
                }
                batch.setFeatures(kind.inputs().stream().map(n -> n.equals(ModelKind.LOG_MEL) ? mel : desc).toArray(INDArray[]::new));
            }
        };
    }

    // --- serialisation (JSON inside the model bundle and the checkpoint) ---

    private record Json(@JsonProperty("log_mel_mean") double[] logMelMean, @JsonProperty("log_mel_std") double[] logMelStd,
                        @JsonProperty("descriptor_mean") double[] descriptorMean,
                        @JsonProperty("descriptor_std") double[] descriptorStd) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(new Json(logMelMean, logMelStd, descriptorMean, descriptorStd));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FeatureNormalizer fromJson(String json) throws IOException {
        Json j = JSON.readValue(json, Json.class);
        if (j.logMelMean() == null || j.logMelStd() == null || j.descriptorMean() == null || j.descriptorStd() == null) {
            throw new IOException("normaliser JSON lacks a field: " + json);
        }
        return new FeatureNormalizer(j.logMelMean(), j.logMelStd(), j.descriptorMean(), j.descriptorStd());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureNormalizer n && java.util.Arrays.equals(logMelMean, n.logMelMean)
                && java.util.Arrays.equals(logMelStd, n.logMelStd) && java.util.Arrays.equals(descriptorMean, n.descriptorMean)
                && java.util.Arrays.equals(descriptorStd, n.descriptorStd);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(logMelMean) * 31 + java.util.Arrays.hashCode(descriptorMean);
    }

    @Override
    public String toString() {
        return "FeatureNormalizer" + toJson().replaceAll("\\s+", " ");
    }
}

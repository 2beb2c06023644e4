package mixer.evaluation.metrics;

import mixer.dataset.SettingsSampler;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.analysis.OctaveBands;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.stages.DelaySend;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.DoubleStream;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A rough floor per parameter, from how much the music itself varies where a model cannot see it. In blind restore a
 * model hears x = invert(r, p): the setting has moved some quantity of the track (its loudness, the balance of two
 * octave bands, its side/mid ratio, its correlation at the echo's lag) by a known amount, but how the finished track r
 * measured is unknown, and finished tracks differ ({@link #blind}). In match other a model hears one half of a track
 * and the mix of the other half: the setting has moved the other half's quantity, and the halves of one track differ
 * ({@link #matchOther}). The floor of a parameter is the mean absolute error of the best estimator that reads only
 * that quantity and knows every other setting: the posterior median under the uniform prior the settings are drawn
 * from, with the music's variation as the noise (a Gaussian kernel density).
 *
 * <p>Rough, and not a proof: a model reads more than one quantity (a shelf's shape, the compressor's knee, the echo's
 * decay) and can go below it. The compressor ratio and the reverb send have no single quantity: no floor
 * ({@link Entry#estimated()} false, counted as 0 in {@link #overall()}, which is therefore a lower estimate). Match
 * same has none: its pair is one crop, and nothing of the music stands between the input and the mix.
 */
public final class Floor {

    /** The method in a paragraph, for the report: what is common to both tasks. */
    private static final String METHOD = "The floor is the MAE of the best estimator that reads only that quantity and "
            + "knows every other setting: the posterior median under the uniform prior the settings are drawn from, with "
            + "the music's variation as the noise (Gaussian kernel density). It is rough: a model reads more than one "
            + "quantity (a shelf's shape, a knee, an echo's decay) and can go below it. The compressor ratio and the "
            + "reverb send have no single quantity and no floor; the overall floor counts them as 0, so it is a lower "
            + "estimate. Input gain and output level are each floored as if the other were known: a model hears their sum, "
            + "and how it splits only through the compressor; where that shows nothing, the best guess of the split (the "
            + "middle of its range given the sum) costs 1/6 = 0.167 each.";
    private static final String BLIND = "For each parameter, one quantity of a finished track carries it (the table's "
            + "\"quantity\"), measured on the dataset's training tracks. A blind model hears the restore input, in which "
            + "the setting has moved that quantity by a known amount, but not how the finished track measured, and "
            + "finished tracks differ (\"spread\": mean absolute deviation from the median). ";
    private static final String MATCH_OTHER = "For each parameter, one quantity of a track carries it (the table's "
            + "\"quantity\"), measured on both halves of each of the dataset's training tracks, cut as the test rows are. "
            + "A match-other model hears one half and the mix of the other, in which the setting has moved that quantity "
            + "by a known amount, but not how the other half measured before it was mixed, and the halves of one track "
            + "differ (\"spread\": mean absolute difference between the halves). ";

    /** Grid of normalised values the estimator is evaluated on (true values and candidates). */
    private static final int GRID = 101;
    /** Steps per kernel bandwidth in the tabulated noise density. */
    private static final int TABLE_STEPS_PER_BANDWIDTH = 20;

    /** The measurements of one finished track that the carriers read. */
    public record Measures(double loudnessLufs, double[] octavesDb, double sideToMidDb, double echoCorrelation) {

        public static Measures of(Audio finished) {
            return new Measures(LoudnessMeter.measure(finished).integratedLufs(),
                    OctaveBands.levelsDb(finished, Audibility.OCTAVES_HZ), TrackMeasures.sideToMidDb(finished),
                    TrackMeasures.correlationAtLag(finished, DelaySend.DELAY_MS / 1000));
        }

        double octave(double centreHz) {
            return octavesDb[Arrays.binarySearch(Audibility.OCTAVES_HZ, centreHz)];
        }
    }

    /**
     * What carries a parameter: a quantity of a finished track and the amount a physical setting moves it.
     *
     * @param effect physical setting to the change of the quantity it causes (the restore input has it undone)
     */
    record Carrier(String quantity, String unit, ToDoubleFunction<Measures> of, DoubleUnaryOperator effect) {
    }

    /**
     * One parameter's floor.
     *
     * @param spread        the noise's mean absolute value, in the quantity's unit: how far a track lies from the
     *                      median track (blind), or one half of a track from the other (match other)
     * @param tracks        tracks where the quantity is defined (a mono track has no side/mid ratio)
     * @param floor         normalised MAE of the estimator (NaN when not estimated)
     * @param floorPhysical the same in the parameter's unit
     */
    public record Entry(Param param, String quantity, String unit, double spread, int tracks, double floor, double floorPhysical) {
        public boolean estimated() {
            return !Double.isNaN(floor);
        }
    }

    private final Map<Param, Entry> entries;
    private final int tracks;
    private final String method;

    private Floor(Map<Param, Entry> entries, int tracks, String method) {
        this.entries = entries;
        this.tracks = tracks;
        this.method = method;
    }

    /** Blind restore's floor from the measures of finished tracks (the training tracks of a dataset). */
    public static Floor blind(List<Measures> finished) {
        if (finished.isEmpty()) throw new IllegalArgumentException("no finished tracks to measure the spread of");
        return of(finished.size(), 1, BLIND, c -> finished.stream().mapToDouble(c.of()).filter(Double::isFinite).toArray());
    }

    /**
     * Match other's floor from the measures of both halves of tracks ({@code halves}: {first, second} a track, as
     * match other's test rows cut them): the noise is each half's quantity less the other's, both ways round.
     */
    public static Floor matchOther(List<Measures[]> halves) {
        if (halves.isEmpty()) throw new IllegalArgumentException("no tracks to measure the halves of");
        return of(halves.size(), 2, MATCH_OTHER, c -> halves.stream().flatMapToDouble(h -> {
            double d = c.of().applyAsDouble(h[1]) - c.of().applyAsDouble(h[0]);
            return Double.isFinite(d) ? DoubleStream.of(d, -d) : DoubleStream.empty();
        }).toArray());
    }

    /**
     * Each parameter's floor from its carrier's noise ({@code noise}: what an estimator cannot see, {@code perTrack} values
     * a track where the quantity is defined; a track without any has nothing to read and gets the prior's error).
     */
    private static Floor of(int tracks, int perTrack, String method, Function<Carrier, double[]> noise) {
        Map<Param, Entry> entries = new EnumMap<>(Param.class);
        for (Param p : Param.all()) {
            Carrier c = carrier(p);
            if (c == null) {
                entries.put(p, new Entry(p, "none", "", Double.NaN, 0, Double.NaN, Double.NaN));
                continue;
            }
            double[] n = noise.apply(c);
            int defined = n.length / perTrack;
            double[] floor = floor(p, n, (tracks - defined) * perTrack, c.effect());
            entries.put(p, new Entry(p, c.quantity(), c.unit(), spread(n), defined, floor[0], floor[1]));
        }
        return new Floor(entries, tracks, method);
    }

    /** How the floor was estimated, in a paragraph, for the report. */
    public String method() {
        return method + METHOD;
    }

    public Entry get(Param p) {
        return entries.get(p);
    }

    /** Tracks measured. */
    public int tracks() {
        return tracks;
    }

    /** The mean over all 10 parameters, the ones without a floor counted as 0: a lower estimate. */
    public double overall() {
        return entries.values().stream().mapToDouble(e -> e.estimated() ? e.floor() : 0).sum() / Param.COUNT;
    }

    /** The carrier of each parameter, or null for none. */
    static Carrier carrier(Param p) {
        return switch (p) {
            case INPUT_GAIN_DB, OUTPUT_LEVEL_DB -> new Carrier("integrated loudness (LUFS)", "LU", Measures::loudnessLufs, v -> v);
            case LOW_EQ_DB -> band(p, 63, 500);
            case MID_EQ_DB -> band(p, 1000, 125);
            case HIGH_EQ_DB -> band(p, 8000, 1000);
            case AIR_DB -> band(p, 16000, 8000);
            case STEREO_WIDTH -> new Carrier("side/mid ratio", "dB", Measures::sideToMidDb, w -> 20 * Math.log10(w));
            case DELAY_SEND -> new Carrier("correlation of the mid at 250 ms", "", Measures::echoCorrelation,
                    Audibility::echoCorrelation);
            case COMP_RATIO, REVERB_SEND -> null;
        };
    }

    /** An EQ stage's carrier: the level of the octave it moves most relative to one it leaves nearly alone. */
    private static Carrier band(Param p, double bandHz, double referenceHz) {
        return new Carrier(String.format(Locale.ROOT, "%s octave relative to %s", hz(bandHz), hz(referenceHz)), "dB",
                m -> m.octave(bandHz) - m.octave(referenceHz), v -> StageResponse.octaveGainDb(p, v, bandHz)
                - StageResponse.octaveGainDb(p, v, referenceHz));
    }

    /**
     * {normalised MAE, MAE in the parameter's unit} of the posterior-median estimator: the deviations of
     * {@code noise} from their median are what it cannot see; {@code undefined} more values where the quantity
     * is undefined have nothing to read, and get the prior's median (their error is the prior's).
     */
    static double[] floor(Param p, double[] noise, int undefined, DoubleUnaryOperator effect) {
        double lowest = lowestDrawn(p);
        double[] u = new double[GRID], g = new double[GRID], phys = new double[GRID];
        for (int k = 0; k < GRID; k++) {
            u[k] = lowest + (1 - lowest) * k / (GRID - 1);
            phys[k] = p.toPhysical(u[k]);
            g[k] = effect.applyAsDouble(phys[k]);
        }
        double normSum = 0, physSum = 0;
        if (noise.length > 0) {
            double[] deviations = noise.clone();
            double median = ParameterMetrics.median(deviations);
            for (int i = 0; i < deviations.length; i++) deviations[i] -= median;
            Density density = new Density(deviations);
            double[] posterior = new double[GRID];
            for (int k = 0; k < GRID; k++) {
                for (double n : deviations) {
                    // the estimator sees the quantity moved by g[k] and off its median by n; candidate j explains it with noise g[j] - g[k] + n
                    double total = 0;
                    for (int j = 0; j < GRID; j++) total += posterior[j] = density.at(g[j] - g[k] + n);
                    int m = 0;
                    for (double sum = posterior[0]; sum < total / 2 && m < GRID - 1; sum += posterior[++m]) { }
                    normSum += Math.abs(u[m] - u[k]);
                    physSum += Math.abs(phys[m] - phys[k]);
                }
            }
        }
        int mid = GRID / 2; // the prior's median
        double priorNorm = 0, priorPhys = 0;
        for (int k = 0; k < GRID; k++) {
            priorNorm += Math.abs(u[mid] - u[k]);
            priorPhys += Math.abs(phys[mid] - phys[k]);
        }
        int n = noise.length + undefined;
        return new double[] {(normSum / GRID + undefined * priorNorm / GRID) / n, (physSum / GRID + undefined * priorPhys / GRID) / n};
    }

    /** The lowest normalised value the dataset draws (width from {@link SettingsSampler#MIN_WIDTH}; 0 for the rest). */
    private static double lowestDrawn(Param p) {
        return p == Param.STEREO_WIDTH ? p.toNormalized(SettingsSampler.MIN_WIDTH) : 0;
    }

    private static double spread(double[] values) {
        if (values.length == 0) return Double.NaN;
        double median = ParameterMetrics.median(values), sum = 0;
        for (double v : values) sum += Math.abs(v - median);
        return sum / values.length;
    }

    /** A Gaussian kernel density of the deviations (Silverman's bandwidth), tabulated for speed. */
    static final class Density {
        private final double from;
        private final double step;
        private final double[] table;

        Density(double[] samples) {
            double[] sorted = samples.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElseThrow(), var = 0;
            for (double s : sorted) var += (s - mean) * (s - mean) / sorted.length;
            double iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
            double scale = Math.min(Math.sqrt(var), iqr / 1.34);
            if (!(scale > 0)) scale = Math.max(Math.sqrt(var), 1e-9); // half the tracks alike: still a density
            double h = 0.9 * scale * Math.pow(sorted.length, -0.2);
            from = sorted[0] - 5 * h;
            step = h / TABLE_STEPS_PER_BANDWIDTH;
            int size = (int) Math.ceil((sorted[sorted.length - 1] + 5 * h - from) / step) + 2;
            table = new double[size];
            for (double s : sorted) {
                int centre = (int) Math.round((s - from) / step);
                for (int i = Math.max(0, centre - 5 * TABLE_STEPS_PER_BANDWIDTH); i <= Math.min(size - 1, centre + 5 * TABLE_STEPS_PER_BANDWIDTH); i++) {
                    double z = (from + i * step - s) / h;
                    table[i] += Math.exp(-0.5 * z * z);
                }
            }
        }

        double at(double x) {
            double pos = (x - from) / step;
            if (!(pos >= 0) || pos >= table.length - 1) return 0;
            int i = (int) pos;
            double f = pos - i;
            return table[i] * (1 - f) + table[i + 1] * f;
        }

        private static double quantile(double[] sorted, double q) {
            double pos = q * (sorted.length - 1);
            int i = (int) Math.floor(pos);
            return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
        }
    }

    /** The gain of one EQ stage of the chain, averaged over an octave (power), measured from its impulse response. */
    static final class StageResponse {
        private static final int RATE_HZ = 44_100;
        private static final int LENGTH = 1 << 14;
        private static final int POINTS_PER_OCTAVE = 8;

        private StageResponse() {
        }

        static double octaveGainDb(Param p, double gainDb, double centreHz) {
            if (gainDb == 0) return 0;
            float[][] impulse = new float[2][LENGTH];
            impulse[0][0] = impulse[1][0] = 1;
            float[] h = Renderer.render(new Audio(impulse, RATE_HZ), MixSettings.neutral().with(p, gainDb), false).left();
            double power = 0;
            for (int k = 0; k < POINTS_PER_OCTAVE; k++) {
                double f = centreHz * Math.pow(2, (k + 0.5) / POINTS_PER_OCTAVE - 0.5);
                double re = 0, im = 0, c = Math.cos(2 * Math.PI * f / RATE_HZ), s = -Math.sin(2 * Math.PI * f / RATE_HZ);
                double pr = 1, pi = 0; // e^{-i w n}, advanced by one rotation a sample
                for (float v : h) {
                    re += v * pr;
                    im += v * pi;
                    double t = pr * c - pi * s;
                    pi = pr * s + pi * c;
                    pr = t;
                }
                power += (re * re + im * im) / POINTS_PER_OCTAVE;
            }
            return 10 * Math.log10(power);
        }
    }

    private static String hz(double hz) {
        return hz >= 1000 ? String.format(Locale.ROOT, "%.0f kHz", hz / 1000) : String.format(Locale.ROOT, "%.0f Hz", hz);
    }
}

package mixer.dsp.chain;

import mixer.dsp.Audio;
import mixer.dsp.AudioSpec;
import mixer.dsp.InvertibleProcessor;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.stages.DelaySend;
import mixer.dsp.stages.FeedbackCompressor;
import mixer.dsp.stages.Gain;
import mixer.dsp.stages.HighShelf;
import mixer.dsp.stages.LowShelf;
import mixer.dsp.stages.Peaking;
import mixer.dsp.stages.ReverbSend;
import mixer.dsp.stages.StereoWidth;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The mixing chain: the 10 stages of {@link Param} in order (input gain, compressor, high shelf 4 kHz,
 * mid peak 1 kHz, low shelf 120 Hz, air shelf 12 kHz, reverb send, delay send, width, output gain).
 * A chain is a processor; its inverse runs the stages' inverses in reverse order. Bypassed stages are
 * skipped in both directions. Configuration is immutable: {@link #bypass} returns a new chain.
 *
 * <p>Any rate from 8 kHz up: a shelf or peak whose frequency is at or above the Nyquist frequency of
 * the stream has nothing to act on (and no digital design), so the chain bypasses it at that rate:
 * the high shelf (4 kHz) at 8 kHz, the air shelf (12 kHz) at 24 kHz and below. A render at such a
 * rate is exactly a render of {@link #applicable} settings, those stages set to neutral;
 * {@link #notes} says so in words.
 *
 * <p>Input within ±2^20 (+120 dBFS, what {@code AudioInput} accepts) gives finite output in both
 * directions, for every setting in range: the largest gain through the chain is about +100 dB.
 */
public final class MixChain implements InvertibleProcessor {

    public static final double HIGH_SHELF_HZ = 4000;
    public static final double MID_PEAK_HZ = 1000;
    public static final double MID_PEAK_Q = 0.8;
    public static final double LOW_SHELF_HZ = 120;
    public static final double AIR_SHELF_HZ = 12000;

    /** Stages run over sub-blocks of this many frames so that a block stays in cache between stages. */
    private static final int SUB_BLOCK_FRAMES = 4096;

    private final MixSettings settings;
    private final Set<Param> bypassed;
    private final boolean inverse;
    private final Param[] order;                // the active stages in processing order
    private final InvertibleProcessor[] stages; // parallel to order
    private boolean[] runs;                     // parallel to order: whether the stage runs at the prepared rate

    private MixChain(MixSettings settings, Set<Param> bypassed, boolean inverse) {
        this.settings = settings;
        this.bypassed = bypassed;
        this.inverse = inverse;
        int active = Param.COUNT - bypassed.size();
        order = new Param[active];
        stages = new InvertibleProcessor[active];
        int k = 0;
        for (Param p : Param.all()) {
            if (bypassed.contains(p)) continue;
            int slot = inverse ? active - 1 - k : k;
            InvertibleProcessor stage = stage(p, settings.get(p));
            order[slot] = p;
            try {
                stages[slot] = inverse ? stage.inverse() : stage;
            } catch (IllegalStateException e) { // say it in the schema's words: which setting, which value
                throw new IllegalStateException(p.describe(settings.get(p)) + " cannot be undone: " + e.getMessage(), e);
            }
            k++;
        }
    }

    /** The forward chain for these settings, nothing bypassed. */
    public static MixChain of(MixSettings settings) {
        if (settings == null) throw new IllegalArgumentException("settings must not be null");
        return new MixChain(settings, EnumSet.noneOf(Param.class), false);
    }

    /**
     * The forward chain of just these stages, the others bypassed: what {@link #bypass} would give for each of them,
     * without building the stages left out (a search that runs a few stages many times pays for none of the others).
     */
    public static MixChain only(MixSettings settings, Set<Param> stages) {
        if (settings == null || stages == null) throw new IllegalArgumentException("settings and stages must not be null");
        return new MixChain(settings, EnumSet.complementOf(stages.isEmpty() ? EnumSet.noneOf(Param.class) : EnumSet.copyOf(stages)), false);
    }

    /** The stage that applies one parameter, at its physical value. */
    static InvertibleProcessor stage(Param p, double v) {
        return switch (p) {
            case INPUT_GAIN_DB, OUTPUT_LEVEL_DB -> new Gain(v);
            case COMP_RATIO -> new FeedbackCompressor(v);
            case HIGH_EQ_DB -> new HighShelf(HIGH_SHELF_HZ, v);
            case MID_EQ_DB -> new Peaking(MID_PEAK_HZ, MID_PEAK_Q, v);
            case LOW_EQ_DB -> new LowShelf(LOW_SHELF_HZ, v);
            case AIR_DB -> new HighShelf(AIR_SHELF_HZ, v);
            case REVERB_SEND -> new ReverbSend(v);
            case DELAY_SEND -> new DelaySend(v);
            case STEREO_WIDTH -> new StereoWidth(v);
        };
    }

    /**
     * How the compressor acts when these settings render this audio: it hears the audio after the input
     * gain. For the restore task's input x = invert(r, p) this is how the inverse acted in making x.
     */
    public static FeedbackCompressor.Activity compressorActivity(Audio unmixed, MixSettings settings) {
        MixChain upToCompressor = only(settings, EnumSet.of(Param.INPUT_GAIN_DB, Param.COMP_RATIO));
        Audio compressed = unmixed.copy();
        upToCompressor.prepare(compressed.spec());
        upToCompressor.process(compressed.stereo());
        return FeedbackCompressor.activity(compressed, settings.get(Param.COMP_RATIO));
    }

    /** A new, unprepared chain like this one with {@code stage} also bypassed (same direction). */
    public MixChain bypass(Param stage) {
        if (stage == null) throw new IllegalArgumentException("stage must not be null");
        EnumSet<Param> b = EnumSet.of(stage);
        b.addAll(bypassed);
        return new MixChain(settings, b, inverse);
    }

    public boolean isBypassed(Param stage) {
        return bypassed.contains(stage);
    }

    public MixSettings settings() {
        return settings;
    }

    public boolean isInverse() {
        return inverse;
    }

    /**
     * A new, unprepared chain that undoes this one: the inverses of the active stages in reverse order.
     *
     * @throws IllegalStateException if the width stage is active with a width too close to 0 to invert
     */
    @Override
    public MixChain inverse() {
        return new MixChain(settings, bypassed, !inverse);
    }

    @Override
    public void prepare(AudioSpec spec) {
        boolean[] r = new boolean[stages.length];
        for (int k = 0; k < stages.length; k++) {
            r[k] = runsAt(order[k], spec.sampleRateHz());
            if (r[k]) stages[k].prepare(spec);
        }
        runs = r;
    }

    @Override
    public void process(float[][] stereo, int offset, int length) {
        if (runs == null) throw new IllegalStateException("MixChain was not prepared; call prepare(spec) before process().");
        int end = offset + length;
        for (int from = offset; from < end; from += SUB_BLOCK_FRAMES) {
            int n = Math.min(SUB_BLOCK_FRAMES, end - from);
            for (int k = 0; k < stages.length; k++) {
                if (runs[k]) stages[k].process(stereo, from, n);
            }
        }
    }

    @Override
    public void reset() {
        for (int k = 0; k < stages.length; k++) {
            if (runs != null && runs[k]) stages[k].reset();
        }
    }

    /** The frequency a stage's filter is placed at, in Hz, or 0 for a stage without one. */
    static double frequencyHz(Param p) {
        return switch (p) {
            case HIGH_EQ_DB -> HIGH_SHELF_HZ;
            case MID_EQ_DB -> MID_PEAK_HZ;
            case LOW_EQ_DB -> LOW_SHELF_HZ;
            case AIR_DB -> AIR_SHELF_HZ;
            default -> 0;
        };
    }

    /** The settings of the chain's filters (the EQs: linear and time-invariant), in chain order: those with a frequency. */
    public static List<Param> filters() {
        return Param.all().stream().filter(p -> frequencyHz(p) > 0).toList();
    }

    /** Whether a stage runs at this rate: its filter frequency lies below the Nyquist frequency. */
    static boolean runsAt(Param p, int sampleRateHz) {
        return frequencyHz(p) < sampleRateHz / 2.0;
    }

    /** The stages the chain bypasses at this rate (see the class comment). */
    public static Set<Param> bypassedAt(int sampleRateHz) {
        EnumSet<Param> out = EnumSet.noneOf(Param.class);
        for (Param p : Param.all()) if (!runsAt(p, sampleRateHz)) out.add(p);
        return out;
    }

    /** The settings a render at this rate applies: those of the stages it bypasses set to neutral. */
    public static MixSettings applicable(MixSettings settings, int sampleRateHz) {
        MixSettings out = settings;
        for (Param p : bypassedAt(sampleRateHz)) out = out.with(p, p.neutral);
        return out;
    }

    /** One sentence for each stage with a non-neutral setting that this rate bypasses. */
    public static List<String> notes(MixSettings settings, int sampleRateHz) {
        List<String> notes = new ArrayList<>();
        for (Param p : bypassedAt(sampleRateHz)) {
            if (settings.get(p) == p.neutral) continue;
            notes.add(String.format(Locale.ROOT, "%s not applied: its filter at %.0f Hz needs a sample rate above %d Hz "
                            + "(this audio is %d Hz), so the chain bypasses it; it counts as %s",
                    p.describe(Math.round(settings.get(p) * 1000) / 1000.0), frequencyHz(p), (int) (2 * frequencyHz(p)), sampleRateHz,
                    p.describe(p.neutral)));
        }
        return notes;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(inverse ? "inverse MixChain[" : "MixChain[");
        for (int k = 0; k < stages.length; k++) sb.append(k == 0 ? "" : ", ").append(stages[k]);
        return sb.append(']').toString();
    }
}

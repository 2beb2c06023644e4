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

import java.util.EnumSet;
import java.util.Set;

/**
 * The mixing chain: the 10 stages of {@link Param} in order (input gain, compressor, high shelf 4 kHz,
 * mid peak 1 kHz, low shelf 120 Hz, air shelf 12 kHz, reverb send, delay send, width, output gain).
 * A chain is a processor; its inverse runs the stages' inverses in reverse order. Bypassed stages are
 * skipped in both directions. Configuration is immutable: {@link #bypass} returns a new chain.
 */
public final class MixChain implements InvertibleProcessor {

    public static final double HIGH_SHELF_HZ = 4000;
    public static final double MID_PEAK_HZ = 1000;
    public static final double MID_PEAK_Q = 0.8;
    public static final double LOW_SHELF_HZ = 120;
    public static final double AIR_SHELF_HZ = 12000;

    /** Stages run over sub-blocks of this many frames so a whole file stays in cache between stages. */
    private static final int SUB_BLOCK = 4096;

    private final MixSettings settings;
    private final Set<Param> bypassed;
    private final boolean inverse;
    private final Param[] order;                // the active stages in processing order
    private final InvertibleProcessor[] stages; // parallel to order

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
            stages[slot] = inverse ? stage.inverse() : stage;
            k++;
        }
    }

    /** The forward chain for these settings, nothing bypassed. */
    public static MixChain of(MixSettings settings) {
        if (settings == null) throw new IllegalArgumentException("settings must not be null");
        return new MixChain(settings, EnumSet.noneOf(Param.class), false);
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
        for (int k = 0; k < stages.length; k++) {
            try {
                stages[k].prepare(spec);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The " + order[k].id + " stage cannot run at "
                        + spec.sampleRateHz() + " Hz: " + e.getMessage() + " Or bypass the " + order[k].id
                        + " stage.", e);
            }
        }
    }

    @Override
    public void process(float[][] stereo, int offset, int length) {
        int end = offset + length;
        for (int from = offset; from < end; from += SUB_BLOCK) {
            int n = Math.min(SUB_BLOCK, end - from);
            for (InvertibleProcessor stage : stages) stage.process(stereo, from, n);
        }
    }

    @Override
    public void reset() {
        for (InvertibleProcessor stage : stages) stage.reset();
    }

    /** The settings applied to a copy of {@code in}, in one pass at the audio's own rate. */
    public static Audio render(Audio in, MixSettings settings) {
        return run(of(settings), in);
    }

    /** The audio that {@link #render} would turn into {@code in}: the inverse chain on a copy. */
    public static Audio invert(Audio in, MixSettings settings) {
        return run(of(settings).inverse(), in);
    }

    private static Audio run(MixChain chain, Audio in) {
        Audio out = in.copy();
        chain.prepare(out.spec());
        chain.process(out.stereo(), 0, out.frames());
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(inverse ? "inverse MixChain[" : "MixChain[");
        for (int k = 0; k < stages.length; k++) sb.append(k == 0 ? "" : ", ").append(stages[k]);
        return sb.append(']').toString();
    }
}

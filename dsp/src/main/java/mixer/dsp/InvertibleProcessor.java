package mixer.dsp;

/**
 * A processor whose effect can be undone exactly: {@code inverse()} processes the output of this
 * processor back into its input (to float rounding), and the other way round.
 */
public interface InvertibleProcessor extends Processor {

    /** A new, unprepared processor that undoes this one, with the same settings. */
    InvertibleProcessor inverse();
}

package mixer.training.models;

/**
 * The value handed to ND4J's random generator for a seed. libnd4j's generator reads a seed of 0 as
 * "seed from the clock" ({@code RandomGenerator::setStates}), so {@code --seed 0} gave other initial
 * weights on every run. 0 becomes a fixed non-zero value; every other seed passes unchanged, so the
 * models of earlier runs with those seeds stay the same.
 */
public final class Nd4jSeed {

    /** What 0 becomes: any fixed non-zero value would do (a seed nobody types). */
    static final long INSTEAD_OF_ZERO = 0x5EED_0000_0000_0001L;

    private Nd4jSeed() {
    }

    public static long of(long seed) {
        return seed == 0 ? INSTEAD_OF_ZERO : seed;
    }
}

package mixer.training.models;

/** The full-size network of each model kind: the one place that maps a {@link ModelKind} to its builder. */
public final class Architectures {

    private Architectures() {
    }

    public static Architecture of(ModelKind kind) {
        return switch (kind) {
            case BASELINE_CNN -> new BaselineCnn();
            case ENHANCED_CNN -> new EnhancedCnn();
            case DESCRIPTOR_MLP -> new DescriptorMlp();
            // The AST regressor plugs in here: case AST -> new AstRegressor();
            case AST -> throw new UnsupportedOperationException(
                    "the AST regressor is not built yet in this version of mixer; train baseline-cnn, enhanced-cnn or descriptor-mlp");
        };
    }

    /** Whether {@link #of} can build this kind in this version. */
    public static boolean available(ModelKind kind) {
        try {
            of(kind);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}

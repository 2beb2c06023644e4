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
            case AST -> new AstRegressor();
        };
    }
}

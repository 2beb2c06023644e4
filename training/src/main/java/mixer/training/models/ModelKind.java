package mixer.training.models;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The models mixer trains. Every network is a ComputationGraph whose inputs are named
 * {@link #LOG_MEL} ([N, 2, bands, frames]: mid and side log-mel) and/or {@link #DESCRIPTORS}
 * ([N, D]) and whose output layer {@link #OUTPUT} gives the 10 normalised settings (sigmoid, L1 loss).
 */
public enum ModelKind {
    /** The CNNs hear the descriptors too since feature version 2; bundles of earlier ones keep their own inputs. */
    BASELINE_CNN("baseline-cnn", true, true),
    ENHANCED_CNN("enhanced-cnn", true, true),
    AST("ast", true, true),
    /** Ablation: the descriptor vector alone through an MLP. */
    DESCRIPTOR_MLP("descriptor-mlp", false, true);

    public static final String LOG_MEL = "logmel";
    public static final String DESCRIPTORS = "descriptors";
    public static final String OUTPUT = "params";

    private final String id;
    private final boolean usesLogMel;
    private final boolean usesDescriptors;

    ModelKind(String id, boolean usesLogMel, boolean usesDescriptors) {
        this.id = id;
        this.usesLogMel = usesLogMel;
        this.usesDescriptors = usesDescriptors;
    }

    public String id() {
        return id;
    }

    public boolean usesLogMel() {
        return usesLogMel;
    }

    public boolean usesDescriptors() {
        return usesDescriptors;
    }

    /** The graph's input names, in the order the network's inputs are given. */
    public List<String> inputs() {
        if (usesLogMel && usesDescriptors) return List.of(LOG_MEL, DESCRIPTORS);
        return List.of(usesLogMel ? LOG_MEL : DESCRIPTORS);
    }

    public static ModelKind of(String id) {
        for (ModelKind k : values()) if (k.id.equals(id.toLowerCase(Locale.ROOT))) return k;
        throw new IllegalArgumentException("unknown model '" + id + "'; expected one of "
                + Arrays.stream(values()).map(ModelKind::id).toList());
    }
}

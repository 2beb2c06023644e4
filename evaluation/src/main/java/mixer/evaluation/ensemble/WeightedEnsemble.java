package mixer.evaluation.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.params.Param;
import mixer.dsp.provenance.Provenance;
import mixer.evaluation.Predictions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A weighted average of member models, with its own weights for each parameter: non-negative, summing
 * to one. Fitted by minimising the validation MAE of each parameter over the simplex (MAE is the
 * metric reported, and it is robust to the few rows where one member is far off), by a grid of step
 * {@link #GRID_STEP} and a local refinement around the best point.
 */
public record WeightedEnsemble(List<String> members, double[][] weights) {

    public static final String NAME = "ensemble";
    static final double GRID_STEP = 0.02;

    public WeightedEnsemble {
        members = List.copyOf(members);
        if (weights.length != members.size()) throw new IllegalArgumentException("one weight row per member");
        for (int j = 0; j < Param.COUNT; j++) {
            double sum = 0;
            for (double[] w : weights) {
                if (w[j] < 0) throw new IllegalArgumentException("weights must be non-negative");
                sum += w[j];
            }
            if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException(Param.values()[j].id + ": weights sum to " + sum + ", not 1");
        }
    }

    /** Fits the weights on the members' predictions of the same rows (the validation split). */
    public static WeightedEnsemble fit(List<Predictions> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one member");
        int m = members.size();
        double[][] weights = new double[m][Param.COUNT];
        for (int j = 0; j < Param.COUNT; j++) {
            double[] best = null;
            double bestMae = Double.MAX_VALUE;
            for (double[] w : simplexGrid(m, GRID_STEP)) {
                double mae = mae(members, j, w);
                if (mae < bestMae - 1e-15) {
                    bestMae = mae;
                    best = w;
                }
            }
            // refine: move weight between pairs of members in shrinking steps while it helps
            for (double step = GRID_STEP / 2; step > 1e-4; step /= 2) {
                boolean improved = true;
                while (improved) {
                    improved = false;
                    for (int a = 0; a < m; a++) {
                        for (int b = 0; b < m; b++) {
                            if (a == b || best[b] < step) continue;
                            double[] w = best.clone();
                            w[a] += step;
                            w[b] -= step;
                            double mae = mae(members, j, w);
                            if (mae < bestMae - 1e-15) {
                                bestMae = mae;
                                best = w;
                                improved = true;
                            }
                        }
                    }
                }
            }
            double sum = 0;
            for (double v : best) sum += v;
            for (int i = 0; i < m; i++) weights[i][j] = best[i] / sum;
        }
        return new WeightedEnsemble(members.stream().map(Predictions::model).toList(), weights);
    }

    /** The ensemble's predictions of the rows the members predicted (members in this ensemble's order). */
    public Predictions apply(List<Predictions> predictions) {
        Map<String, Predictions> byName = new LinkedHashMap<>();
        for (Predictions p : predictions) byName.put(p.model(), p);
        Predictions first = byName.get(members.get(0));
        if (first == null) throw new IllegalArgumentException("no predictions of member '" + members.get(0) + "'");
        double[][] out = new double[first.size()][Param.COUNT];
        for (int i = 0; i < members.size(); i++) {
            Predictions p = byName.get(members.get(i));
            if (p == null) throw new IllegalArgumentException("no predictions of member '" + members.get(i) + "'");
            if (!p.exampleIds().equals(first.exampleIds())) throw new IllegalArgumentException(members.get(i) + " predicted other rows");
            for (int r = 0; r < out.length; r++) for (int j = 0; j < Param.COUNT; j++) out[r][j] += weights[i][j] * p.predicted()[r][j];
        }
        return first.withPredictions(NAME, out);
    }

    /** Combines one example's member predictions (members in this ensemble's order). */
    public double[] combine(double[][] memberPredictions) {
        double[] out = new double[Param.COUNT];
        for (int i = 0; i < members.size(); i++) for (int j = 0; j < Param.COUNT; j++) out[j] += weights[i][j] * memberPredictions[i][j];
        return out;
    }

    private static double mae(List<Predictions> members, int param, double[] w) {
        Predictions first = members.get(0);
        double sum = 0;
        for (int r = 0; r < first.size(); r++) {
            double y = 0;
            for (int i = 0; i < w.length; i++) y += w[i] * members.get(i).predicted()[r][param];
            sum += Math.abs(y - first.truth()[r][param]);
        }
        return sum / first.size();
    }

    /** Every weight vector with entries on a grid of {@code step} that sums to one. */
    static List<double[]> simplexGrid(int m, double step) {
        int units = (int) Math.round(1 / step);
        List<double[]> out = new ArrayList<>();
        fill(new int[m], 0, units, out, units);
        return out;
    }

    private static void fill(int[] counts, int at, int left, List<double[]> out, int units) {
        if (at == counts.length - 1) {
            counts[at] = left;
            double[] w = new double[counts.length];
            for (int i = 0; i < w.length; i++) w[i] = counts[i] / (double) units;
            out.add(w);
            return;
        }
        for (int c = 0; c <= left; c++) {
            counts[at] = c;
            fill(counts, at + 1, left - c, out, units);
        }
    }

    // --- bundle file: JSON with the members, their bundle hashes, the weights and provenance ---

    public void save(Path file, Map<String, String> memberSha256, Map<String, Object> extra) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("kind", NAME);
        root.put("members", members);
        root.put("member_sha256", memberSha256);
        Map<String, Object> w = new LinkedHashMap<>();
        for (int j = 0; j < Param.COUNT; j++) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (int i = 0; i < members.size(); i++) row.put(members.get(i), weights[i][j]);
            w.put(Param.values()[j].id, row);
        }
        root.put("weights", w);
        root.put("fit", "per-parameter weights on the simplex minimising validation MAE");
        root.putAll(extra);
        root.put("provenance", Provenance.now().asMap());
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n");
    }

    public static WeightedEnsemble load(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not an ensemble file (" + e.getMessage() + ")");
        }
        if (!NAME.equals(root.path("kind").asText())) throw new IOException(file + ": not an ensemble file (kind is not \"ensemble\")");
        List<String> members = new ArrayList<>();
        root.path("members").forEach(n -> members.add(n.asText()));
        double[][] weights = new double[members.size()][Param.COUNT];
        for (int j = 0; j < Param.COUNT; j++) {
            JsonNode row = root.path("weights").path(Param.values()[j].id);
            for (int i = 0; i < members.size(); i++) {
                if (!row.has(members.get(i))) throw new IOException(file + ": no weight for " + members.get(i) + " on " + Param.values()[j].id);
                weights[i][j] = row.get(members.get(i)).asDouble();
            }
        }
        return new WeightedEnsemble(members, weights);
    }

    /** The member bundle hashes recorded at fit time, to check the members were not retrained since. */
    public static Map<String, String> memberHashes(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        new ObjectMapper().readTree(file.toFile()).path("member_sha256").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}

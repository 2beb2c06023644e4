package mixer.cli;

import mixer.training.EnsembleBundle;
import mixer.training.models.ModelKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"The main job on the default data: fetches the corpus and builds the dataset when missing, trains the "
                + "baseline CNN, the enhanced CNN, the AST regressor and the descriptor-MLP ablation (a finished model newer "
                + "than the dataset is kept, an interrupted one resumes), fits the ensemble (again when it retrained a member: "
                + "the old models/ensemble.json is removed, as its weights belong to the old models), evaluates on the test split, mixes "
                + "the test inputs and writes the report; ends with the MAE table and whether the ensemble met the 0.035 target.",
                "Folders: data/corpus, data/dataset, models/, runs/<model>, runs/report, runs/mixes."})
final class ReproduceCommand implements Callable<Integer> {

    static final List<ModelKind> MODELS = List.of(ModelKind.BASELINE_CNN, ModelKind.ENHANCED_CNN, ModelKind.AST, ModelKind.DESCRIPTOR_MLP);

    @Option(names = "--quick", description = "A first look in minutes: --quick training (4 epochs), models named <model>-quick.")
    boolean quick;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per model (default: each model's own, 4 with --quick).")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "1", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path corpus = Path.of("data/corpus"), dataset = Path.of("data/dataset"), manifest = dataset.resolve("manifest.csv");
        step("corpus", Files.exists(corpus.resolve("CREDITS.csv")) || Files.exists(manifest), "data/corpus is there",
                List.of("corpus", "fetch", "--dir", corpus.toString()));
        step("dataset", Files.exists(manifest), "data/dataset/manifest.csv is there",
                List.of("dataset", "build", "--from", corpus.toString(), "--out", dataset.toString()));
        boolean trainedAny = false;
        for (ModelKind k : MODELS) {
            String name = k.id() + (quick ? "-quick" : "");
            Path bundle = Path.of("models", name + ".zip");
            boolean upToDate = Files.exists(bundle) && Files.getLastModifiedTime(bundle).compareTo(Files.getLastModifiedTime(manifest)) > 0;
            List<String> args = new ArrayList<>(List.of("train", "--model", k.id(), "--seed", String.valueOf(seed)));
            if (quick) args.add("--quick");
            if (epochs != null) args.addAll(List.of("--epochs", String.valueOf(epochs)));
            if (!upToDate && Files.exists(Path.of("runs", name, "checkpoint.zip"))) args.add("--resume");
            trainedAny |= step("train " + k.id(), upToDate, bundle + " is newer than the dataset", args);
        }
        // evaluate scores with a saved ensemble as it is: one fitted to other models must go, so that it fits a new one
        Path ensemble = Path.of("models", quick ? "ensemble-quick.json" : "ensemble.json");
        Map<String, Path> members = new LinkedHashMap<>();
        for (ModelKind k : mixer.evaluation.Evaluation.MEMBERS) {
            Path bundle = Path.of("models", k.id() + (quick ? "-quick" : "") + ".zip");
            if (Files.exists(bundle)) members.put(k.id(), bundle);
        }
        String stale = staleEnsemble(ensemble, members, trainedAny);
        if (stale != null) {
            Files.delete(ensemble);
            System.err.println("== ensemble: removed " + ensemble + " (" + stale + "); the evaluation fits a new one on the validation split");
        }
        List<String> evaluate = new ArrayList<>(List.of("evaluate", "--mix-dir", quick ? "runs/mixes-quick" : "runs/mixes",
                "--out", quick ? "runs/report-quick" : "runs/report"));
        if (quick) evaluate.add("--quick");
        step("evaluate", false, "", evaluate);
        return 0;
    }

    /**
     * Why a saved ensemble no longer fits the member bundles (name -> file) it would be used with, or null
     * when it does (or there is none): a member was retrained in this run, or changed, or the trained
     * members are not the ensemble's.
     */
    static String staleEnsemble(Path file, Map<String, Path> members, boolean retrained) {
        if (!Files.exists(file)) return null;
        if (retrained) return "models were retrained in this run; its weights were fitted to the old ones";
        try {
            EnsembleBundle e = EnsembleBundle.load(file);
            e.verifyMembers(file);
            if (!new java.util.HashSet<>(e.ensemble().models()).equals(members.keySet())) {
                return "its members are " + e.ensemble().models() + ", the trained ones " + members.keySet();
            }
            for (Map.Entry<String, Path> m : members.entrySet()) {
                if (!e.memberBundle(file, m.getKey()).equals(m.getValue().toAbsolutePath().normalize())) {
                    return "member " + m.getKey() + " was fitted from " + e.memberBundle(file, m.getKey()) + ", not " + m.getValue();
                }
            }
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Runs one step unless it is done; true when it ran. */
    private static boolean step(String name, boolean done, String why, List<String> args) throws IOException {
        if (done) {
            System.err.println("== " + name + ": up to date (" + why + ")");
            return false;
        }
        System.err.println("== " + name + ": mixer " + String.join(" ", args));
        int code = Main.run(args.toArray(String[]::new));
        if (code != 0) throw new IOException("step '" + name + "' failed (exit " + code + "); fix what it says and run mixer reproduce again: "
                + "finished steps are kept");
        return true;
    }
}

package mixer.training;

import mixer.dataset.features.Features;
import mixer.dsp.SyntheticMusic;

import java.nio.file.Path;
import java.util.List;

/** Run in a fresh JVM by {@link ModelBundleTest}: loads a bundle and prints its predictions for a fixed synthetic track. */
public final class PredictMain {

    public static void main(String[] args) throws Exception {
        ModelBundle bundle = ModelBundle.load(Path.of(args[0]));
        for (double[] row : bundle.predictWindows(ModelBundleTest.windows(bundle.featureConfig()))) {
            StringBuilder sb = new StringBuilder();
            for (double v : row) sb.append(Double.toString(v)).append(' ');
            System.out.println(sb.toString().trim());
        }
    }

    static List<Features> windowsOf(long seed, mixer.dataset.features.FeatureConfig config) {
        return mixer.dataset.features.SongWindows.features(SyntheticMusic.generate(3, 44_100, seed), config, 16);
    }
}

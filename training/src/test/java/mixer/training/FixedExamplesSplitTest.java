package mixer.training;

import mixer.dataset.DatasetBuilder;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.SplitFractions;
import mixer.dataset.Task;
import mixer.dataset.features.FeatureCache;
import mixer.dataset.features.FeatureConfig;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class FixedExamplesSplitTest {

    @TempDir
    Path dir;

    /** A dataset built with no validation share was told to be built "with `mixer dataset build`", as it had been. */
    @Test
    void aDatasetWithoutTheSplitIsToldHowToGetOne() throws IOException {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 3; i++) AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, i), corpus.resolve("t" + i + ".wav"), SampleFormat.PCM_16);
        Manifest m = new DatasetBuilder(new DatasetBuilder.Options(corpus, dir.resolve("ds"), Task.RESTORE, 1, 2.0, 1, 1,
                SplitFractions.parse("0.7,0.3,0")), s -> { }).build().manifest();
        IOException e = assertThrows(IOException.class, () -> FixedExamples.load(m, Task.RESTORE, Split.VALIDATION, FeatureConfig.DEFAULT,
                new FeatureCache(dir.resolve("cache")), s -> { }));
        assertTrue(e.getMessage().contains("no validation rows") && e.getMessage().contains("a --splits share of 0")
                && e.getMessage().contains("--splits 0.6,0.35,0.05"), e.getMessage());
    }
}

package mixer.dataset;

import mixer.dsp.chain.MixChain;
import mixer.dsp.params.MixSettings;
import mixer.dsp.stages.FeedbackCompressor;

import java.io.IOException;

/**
 * How many of a manifest's examples (those with targets) the compressor is pinned at its cap in, or idle
 * in ({@link FeedbackCompressor.Activity}): there the ratio and the input gain cannot be heard (issue 14).
 * The compressor acts where the example's settings render its unmixed audio: for restore the input the
 * model hears (the inverse that made it acted the same), for estimate the source.
 */
public record CompressorShares(int examples, int pinned, int idle) {

    public static CompressorShares of(Manifest manifest, Task task) throws IOException {
        String unmixed = task == Task.RESTORE || task.hasReference() ? "audio" : "source"; // what the compressor got
        int examples = 0, pinned = 0, idle = 0;
        for (Example e : manifest.examples()) {
            if (!e.hasTargets()) continue;
            FeedbackCompressor.Activity a = MixChain.compressorActivity(manifest.readAudio(e, unmixed),
                    MixSettings.ofNormalized(e.targets()));
            examples++;
            if (a.pinned()) pinned++;
            if (a.idle()) idle++;
        }
        return new CompressorShares(examples, pinned, idle);
    }

    public double pinnedShare() {
        return examples == 0 ? 0 : pinned / (double) examples;
    }

    public double idleShare() {
        return examples == 0 ? 0 : idle / (double) examples;
    }
}

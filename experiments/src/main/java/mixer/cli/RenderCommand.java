package mixer.cli;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.io.AudioFile;
import mixer.dsp.io.AudioReader;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.ParamsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Applies the mixing chain with the settings in PARAMS.json to IN and writes OUT.")
final class RenderCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Audio file to mix (WAV, FLAC, OGG, MP3).")
    Path input;

    @Option(names = {"-p", "--params"}, required = true, paramLabel = "PARAMS.json",
            description = "The 10 settings by name (see `mixer params`).")
    Path params;

    @Option(names = "--no-limiter", description = "Bypass the safety true-peak limiter (-1 dBTP).")
    boolean noLimiter;

    @Mixin
    AudioOut out;

    @Override
    public Integer call() throws Exception {
        MixSettings settings = ParamsFile.read(params);
        AudioFile in = AudioReader.read(input);
        Audio mixed = Renderer.render(in.audio(), settings, !noLimiter);
        out.write(mixed, out.sampleFormat(in));
        Loudness l = LoudnessMeter.measure(mixed);
        System.out.printf("%s -> %s: %.1f LUFS, true peak %.1f dBTP%s%n", input, out.output,
                l.integratedLufs(), l.truePeakDbtp(), noLimiter ? " (limiter off)" : "");
        return 0;
    }
}

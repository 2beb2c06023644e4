package mixer.cli;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.io.AudioFile;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.ParamsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "invert", mixinStandardHelpOptions = true,
        description = {"Undoes the mixing chain: writes the audio that `mixer render` with the same PARAMS.json "
                + "(and --no-limiter) turns back into IN.",
                "The result can exceed full scale, so auto format writes 32-bit float."})
final class InvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "A mixed audio file (WAV, FLAC, OGG, MP3).")
    Path input;

    @Option(names = {"-p", "--params"}, required = true, paramLabel = "PARAMS.json",
            description = "The settings the mix was made with (see `mixer params`).")
    Path params;

    @Mixin
    AudioOut out;

    @Override
    public Integer call() throws Exception {
        MixSettings settings = ParamsFile.read(params);
        AudioFile in = AudioReader.read(input);
        Audio unmixed = Renderer.invert(in.audio(), settings);
        // The un-mixed audio may exceed full scale: auto means float here.
        SampleFormat format = out.format == AudioOut.Format.auto ? SampleFormat.FLOAT_32 : out.sampleFormat(in);
        out.write(unmixed, format);
        System.out.printf("%s -> %s: peak %+.1f dBFS%n", input, out.output, 20 * Math.log10(unmixed.samplePeak()));
        return 0;
    }
}

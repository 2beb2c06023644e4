package mixer.inference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mixer.dsp.Audio;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.io.AudioFile;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.ParamsFile;
import mixer.dsp.provenance.Provenance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Mixes files: read, predict, render, write (in the song's own rate and, by default, its own bit
 * depth), and optionally the settings as a PARAMS.json preset that {@code mixer render} accepts. In a
 * batch one bad file is reported and skipped; the rest are mixed.
 */
public final class FileMixer {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Mixer mixer;
    private final MixOptions options;
    private final Function<AudioFile, SampleFormat> format;
    private final boolean measure;

    /**
     * @param format  the output sample format for a song ({@link AudioFile#preferredWriteFormat} keeps its depth)
     * @param measure whether to measure the loudness of song and mix (for reports; costs a pass over each)
     */
    public FileMixer(Mixer mixer, MixOptions options, Function<AudioFile, SampleFormat> format, boolean measure) {
        this.mixer = mixer;
        this.options = options;
        this.format = format;
        this.measure = measure;
    }

    /**
     * One mixed song.
     *
     * @param paramsFile    the preset written, or null
     * @param inputLoudness the song's loudness (null unless measured)
     * @param mixLoudness   the mix's loudness as rendered, before quantisation to the output format (null unless measured)
     * @param seconds       wall time of read + predict + render + write (+ measuring, when on)
     */
    public record Done(MixJob job, Prediction prediction, MixResult result, SampleFormat format, Path paramsFile,
                       Loudness inputLoudness, Loudness mixLoudness, double seconds) {
    }

    /** A song that could not be mixed, and why in a sentence. */
    public record Failed(MixJob job, String reason) {
    }

    /** Hears about each song as a batch goes; {@code index} counts from 1. */
    public interface Listener {
        default void starting(int index, int total, MixJob job) {
        }

        void done(int index, int total, Done done);

        void failed(int index, int total, Failed failed);
    }

    public record Batch(List<Done> done, List<Failed> failed) {
    }

    /** Mixes one file; {@code paramsFile} (may be null) receives the applied settings. */
    public Done mix(MixJob job, Path paramsFile) throws IOException {
        long t0 = System.nanoTime();
        AudioFile in = AudioReader.read(job.input());
        Prediction prediction = mixer.predict(in.audio());
        MixResult result = Mixer.apply(in.audio(), prediction.settings(), options);
        SampleFormat fmt = format.apply(in);
        AudioWriter.write(result.audio(), job.output(), fmt);
        if (paramsFile != null) writeParams(paramsFile, job, prediction, result);
        Loudness before = measure ? LoudnessMeter.measure(in.audio()) : null;
        Loudness after = measure ? LoudnessMeter.measure(result.audio()) : null;
        return new Done(job, prediction, result, fmt, paramsFile, before, after, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Mixes every job; a failure (unreadable file, bad model output, write error) is reported to the
     * listener and the batch goes on. {@code paramsFor} gives each job's preset file, or null for none.
     */
    public Batch mixAll(List<MixJob> jobs, Function<MixJob, Path> paramsFor, Listener listener) {
        List<Done> done = new ArrayList<>();
        List<Failed> failed = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            MixJob job = jobs.get(i);
            listener.starting(i + 1, jobs.size(), job);
            try {
                Done d = mix(job, paramsFor.apply(job));
                // keep what the report needs, not the audio: a batch of albums must not pile up in memory
                d = new Done(d.job(), d.prediction(), withoutAudio(d.result()), d.format(), d.paramsFile(),
                        d.inputLoudness(), d.mixLoudness(), d.seconds());
                done.add(d);
                listener.done(i + 1, jobs.size(), d);
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                Failed f = new Failed(job, why.startsWith(job.input().toString()) ? why : job.input() + ": " + why);
                failed.add(f);
                listener.failed(i + 1, jobs.size(), f);
            }
        }
        return new Batch(done, failed);
    }

    private static MixResult withoutAudio(MixResult r) {
        return new MixResult(r.predicted(), r.applied(), Audio.silence(0, r.audio().sampleRateHz()),
                r.limiter(), r.warnings());
    }

    /**
     * The applied settings as PARAMS.json (physical units), plus an {@code "_mixed_by"} block that
     * {@link ParamsFile} ignores: model, song, amount, target, limiter, predicted settings, provenance.
     */
    public void writeParams(Path file, MixJob job, Prediction prediction, MixResult result) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(ParamsFile.toJson(result.applied()));
        ObjectNode by = root.putObject("_mixed_by");
        by.put("model", prediction.model());
        by.put("song", job.input().toString());
        by.put("windows", prediction.windows());
        by.put("amount", options.amount());
        if (options.targetLufs().isPresent()) by.put("target_lufs", options.targetLufs().getAsDouble());
        by.put("limiter", result.limiter());
        by.put("render_with", "mixer render SONG -p " + file.getFileName() + " -o OUT.wav"
                + (result.limiter() ? "" : " --no-limiter"));
        by.set("predicted", JSON.readTree(ParamsFile.toJson(prediction.settings())));
        by.set("provenance", JSON.valueToTree(Provenance.now().asMap()));
        AtomicFiles.writeString(file, JSON.writeValueAsString(root) + System.lineSeparator());
    }
}

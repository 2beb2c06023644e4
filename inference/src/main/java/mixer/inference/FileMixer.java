package mixer.inference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.ParamsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Mixes files: read, predict, render, write (in the song's own rate and, by default, its own bit
 * depth), and optionally the settings as a PARAMS.json preset that {@code mixer render} accepts. Memory
 * stays bounded whatever a song's length. In a batch one bad file is reported and skipped; the rest are
 * mixed.
 */
public final class FileMixer {


    private final Mixer mixer;
    private final MixOptions options;
    private final Function<Song.FileSong, SampleFormat> format;
    private final boolean measure;
    /**
     * @param format  the output sample format for a song ({@link Song.FileSong#preferredWriteFormat} keeps its depth)
     * @param measure whether to measure the loudness of song and mix (for reports; costs a pass over each)
     */
    public FileMixer(Mixer mixer, MixOptions options, Function<Song.FileSong, SampleFormat> format, boolean measure) {
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
     * @param referenceFit  how near the mix came to the reference's sound (null when blind or unmeasured)
     * @param seconds       wall time of read + predict + render + write (+ measuring, when on)
     */
    public record Done(MixJob job, Prediction prediction, MixResult result, SampleFormat format, Path paramsFile,
                       Loudness inputLoudness, Loudness mixLoudness, ReferenceFit referenceFit, double seconds) {
    }

    /**
     * How near a song mixed toward a reference came to the reference's sound ({@link Reference#distanceTo}): the mix
     * as written and the song itself.
     */
    public record ReferenceFit(double mix, double song) {
    }

    /** A song that could not be mixed, why in a sentence, and the error behind it (for a debugging trace). */
    public record Failed(MixJob job, String reason, Throwable cause) {
    }

    /** Hears about each song as a batch goes; {@code index} counts from 1. Each method does nothing unless overridden. */
    public interface Listener {
        /** Hears nothing: one song mixed alone. */
        Listener NONE = new Listener() {
        };

        default void starting(int index, int total, MixJob job) {
        }

        /** A pass over a long song ({@link #LONG_SECONDS} or more) begins: {@code what}, the {@code pass}th of {@code passes}. */
        default void pass(MixJob job, int pass, int passes, String what) {
        }

        default void done(int index, int total, Done done) {
        }

        default void failed(int index, int total, Failed failed) {
        }
    }

    public record Batch(List<Done> done, List<Failed> failed) {
    }

    /**
     * Mixes one file in bounded memory, whatever its length: one pass reads the windows the model hears
     * (and measures the song), one renders and writes the mix (and measures it), plus one to measure
     * the chain's loudness for a loudness target, and one to count the frames of a file that does not
     * state them. {@code paramsFile} (may be null) receives the applied settings.
     */
    public Done mix(MixJob job, Path paramsFile) throws IOException {
        return mix(job, paramsFile, Listener.NONE);
    }

    /** A song at least this long says each pass over it as it begins: a long one takes a minute or more in silence. */
    public static final double LONG_SECONDS = 120;

    private Done mix(MixJob job, Path paramsFile, Listener listener) throws IOException {
        long t0 = System.nanoTime();
        Song.FileSong song = Song.of(job.input());
        boolean isLong = song.frames() >= LONG_SECONDS * song.sampleRateHz();
        if (isLong) listener.pass(job, 1, 3, "reading the windows the model hears");
        LoudnessMeter before = measure ? new LoudnessMeter(song.sampleRateHz(), song.sourceChannels()) : null;
        Prediction prediction = mixer.predict(mixer.windows(song, before == null ? null : before::accept));
        if (isLong) listener.pass(job, 2, 3, "deciding the settings (measuring the mix" + (options.refine() ? ", refining" : "") + ")");
        MixResult result = Mixer.settings(song, prediction.settings(), options, mixer.reference(song.sampleRateHz()));
        Optional<String> shortNote = Mixer.shorterThanAWindow(song, mixer.predictor().featureConfig(), "song");
        if (shortNote.isPresent()) {
            List<String> notes = new ArrayList<>(result.notes());
            notes.add(0, shortNote.get());
            result = new MixResult(result.predicted(), result.applied(), result.limiter(), result.warnings(), notes);
        }
        SampleFormat fmt = format.apply(song);
        LoudnessMeter after = measure ? new LoudnessMeter(song.sampleRateHz()) : null; // the mix is stereo
        String madeBy = ParamsFile.described(result.applied(), "_mixed_by", mixedBy(job, prediction, result, job.output().getFileName().toString()));
        // the preset is written first and both are committed last: a failure of either leaves neither
        try (AtomicFiles.Pending preset = paramsFile == null ? null : AtomicFiles.create(paramsFile)) {
            if (preset != null) {
                Files.writeString(preset.path(), ParamsFile.withProvenance(result.applied(), "_mixed_by",
                        mixedBy(job, prediction, result, paramsFile.getFileName().toString())));
            }
            if (isLong) listener.pass(job, 3, 3, "rendering and writing the mix");
            try (AudioWriter.Output out = AudioWriter.open(job.output(), fmt, song.sampleRateHz(), song.frames(), madeBy)) {
                Mixer.render(song, result, after == null ? out : out.andThen(after::accept));
                out.commit();
            }
            if (preset != null) preset.commit();
        }
        ReferenceFit fit = null;
        if (measure && mixer.reference() != null) { // the mix as written, read back: what the user hears
            Reference reference = mixer.reference(song.sampleRateHz());
            fit = new ReferenceFit(reference.distanceTo(Song.of(job.output())), reference.distanceTo(song));
        }
        return new Done(job, prediction, result, fmt, paramsFile, before == null ? null : before.result(),
                after == null ? null : after.result(), fit, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Mixes every job; a failure (unreadable file, bad model output, write error, not enough memory)
     * is reported to the listener and the batch goes on. {@code paramsFor} gives each job's preset
     * file, or null for none.
     */
    public Batch mixAll(List<MixJob> jobs, Function<MixJob, Path> paramsFor, Listener listener) {
        List<Done> done = new ArrayList<>();
        List<Failed> failed = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            MixJob job = jobs.get(i);
            listener.starting(i + 1, jobs.size(), job);
            try {
                Done d = mix(job, paramsFor.apply(job), listener);
                done.add(d);
                listener.done(i + 1, jobs.size(), d);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                String why = e instanceof OutOfMemoryError oom ? OutOfMemory.advice(oom)
                        : e.getMessage() == null ? e.toString() : e.getMessage();
                Failed f = new Failed(job, why.startsWith(job.input().toString()) ? why : job.input() + ": " + why, e);
                failed.add(f);
                listener.failed(i + 1, jobs.size(), f);
            }
        }
        return new Batch(done, failed);
    }

    /**
     * What a mix says of how it was made: the {@code "_mixed_by"} block of its preset (PARAMS.json, physical units, with
     * provenance), which {@link ParamsFile} ignores: model, song, amount, target, limiter, refinement, predicted
     * settings. The mix's WAV carries the same block as its comment ({@link AudioWriter}), less the provenance, which
     * the WAV gives as its software and commit, and naming itself as the preset to render with.
     */
    private Consumer<ObjectNode> mixedBy(MixJob job, Prediction prediction, MixResult result, String paramsName) {
        return by -> {
            Predictors.describe(by, mixer.predictor());
            by.put("song", job.input().toString());
            if (mixer.reference() instanceof Song.FileSong ref) by.put("reference", ref.file().toString());
            by.put("windows", prediction.windows());
            by.put("amount", options.amount());
            if (options.targetLufs().isPresent()) by.put("target_lufs", options.targetLufs().getAsDouble());
            by.put("limiter", result.limiter());
            by.put("refine", options.refine());
            if (!result.notes().isEmpty()) result.notes().forEach(by.putArray("notes")::add);
            by.put("render_with", "mixer render SONG -p " + paramsName + " -o OUT.wav"
                    + (result.limiter() ? "" : " --no-limiter"));
            by.set("predicted", ParamsFile.toNode(prediction.settings()));
        };
    }
}

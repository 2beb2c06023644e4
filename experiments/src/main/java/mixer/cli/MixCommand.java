package mixer.cli;

import mixer.dataset.FinishedLevel;
import mixer.dataset.match.ReferenceDistance;
import mixer.dsp.AudioSource;
import mixer.dsp.Renderer;
import mixer.dsp.io.FolderLock;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.Param;
import mixer.inference.FileMixer;
import mixer.inference.MixJob;
import mixer.inference.MixOptions;
import mixer.inference.Mixer;
import mixer.inference.Predictors;
import mixer.inference.Song;
import mixer.training.ModelsFolder;
import mixer.training.SettingsPredictor;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

@Command(name = "mix", mixinStandardHelpOptions = true,
        description = {"Mixes songs with a trained model: predicts the 10 settings from the whole song (the mean over up "
                + "to --windows evenly spaced 3 s windows), prints them, renders with the chain and the safety limiter, "
                + "and writes the mix as WAV at the song's own rate and bit depth.",
                "Folders are searched recursively for audio; a file that cannot be mixed is reported and skipped, "
                        + "and the exit code is 1 when any was. Any length in bounded memory: a song is read a few times "
                        + "(its windows, the render), never held whole.",
                "The mix is stereo (the reverb spreads even a mono song); a stage whose filter the song's rate cannot "
                        + "carry (the air shelf at 24 kHz and below) is bypassed with a note, and the preset says so."})
final class MixCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SONG", description = "Songs (WAV, FLAC, OGG, MP3) or folders of songs.")
    List<Path> songs;

    @Option(names = "--model", defaultValue = Predictors.ENSEMBLE, paramLabel = "NAME",
            completionCandidates = Options.ModelNames.class,
            description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); NAME-quick for a --quick run's; "
                    + "or a model's file wherever it is (a bundle .zip; an ensemble .json, as evaluate --refit-ensemble writes).")
    String model;

    @picocli.CommandLine.Mixin
    Options.ModelsDir modelsDir;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.wav", description = "The mix of a single song (missing folders are made).")
    Path output;

    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "Where mixes go, as NAME.wav, keeping the subfolders of a folder given (default: mixed).")
    Path outDir;

    @Option(names = "--reference", paramLabel = "REF",
            description = "Mix toward the sound of this song (any other song, at any rate: heard at each song's): a "
                    + "match-other model hears each song's windows beside the reference's and predicts the settings that "
                    + "make the song sound like it; the air is then read from the balance of both songs' top octaves and the "
                    + "ratio from their crests, each blended with the model's, the output level keeping the loudness (noted). "
                    + "The models folder is then "
                    + mixer.training.ModelsFolder.MATCH_OTHER + " unless --models-dir names another; --refine matches the reference "
                    + "with the exact chain.")
    Path reference;

    @Option(names = "--params-out", paramLabel = "PARAMS.json",
            description = "Also write the applied settings (one song) as a preset for `mixer render`.")
    Path paramsOut;

    @Option(names = "--save-params", description = "Write each mix's settings beside it as NAME.json (for batches).")
    boolean saveParams;

    @Option(names = "--amount", defaultValue = "1", paramLabel = "0..1",
            description = "Blend the predicted settings toward neutral: 1 as predicted, 0 the neutral chain (default: ${DEFAULT-VALUE}).")
    double amount;

    @Option(names = "--target-lufs", paramLabel = "LUFS",
            description = "Set the output level so the mix reaches this integrated loudness (before the limiter), "
                    + "instead of the predicted level, e.g. -14.")
    Double targetLufs;

    @CommandLine.Mixin
    Options.NoLimiter noLimiter;

    @Option(names = "--refine", description = "Refine the predicted delay and reverb sends with the exact chain: set each "
            + "where the mix's own signature of that stage (an echo at 250 ms; the chain's reverb in the side) vanishes, "
            + "heard on up to " + Mixer.REFINE_MAX_WINDOWS + " windows of " + (int) Mixer.REFINE_WINDOW_SECONDS + " s "
            + "(one more pass over the song); a send without a clear signature is kept as predicted; then the output level "
            + "moved " + (int) (100 * FinishedLevel.PEAK_PULL) + " %% of the way from the mix's true peak to where "
            + "finished tracks peak (" + FinishedLevel.MEDIAN_TRUE_PEAK_DBTP + " dBTP; another pass). With --reference: "
            + "the settings that bring the mix closest to the reference's sound (a bounded search with the chain itself).")
    boolean refine;

    @picocli.CommandLine.Mixin
    Options.Format format;

    @CommandLine.Mixin
    Options.Windows windows;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (output != null && outDir != null) throw usage("give -o (one song) or --out-dir (several), not both");
        if (paramsOut != null && saveParams) throw usage("give --params-out FILE (one song) or --save-params, not both");
        MixOptions options;
        try {
            options = new MixOptions(amount, targetLufs == null ? OptionalDouble.empty() : OptionalDouble.of(targetLufs), !noLimiter.given, refine);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        List<MixJob> jobs;
        try {
            jobs = MixJob.plan(songs, outDir == null ? Path.of("mixed") : outDir, output, reference);
        } catch (MixJob.PlanException e) {
            throw usage(e.getMessage());
        }
        if (paramsOut != null && jobs.size() != 1) {
            throw usage("--params-out names one file but there are " + jobs.size() + " songs; use --save-params");
        }
        if (paramsOut != null) {
            List<Path> audio = new java.util.ArrayList<>(List.of(jobs.get(0).input(), jobs.get(0).output()));
            if (reference != null) audio.add(reference);
            AudioOut.refusePresetOver(paramsOut, audio, spec.commandLine());
        }
        SettingsPredictor predictor;
        Song.FileSong referenceSong = reference == null ? null : Song.of(reference); // a missing or unreadable file fails here, named
        if (referenceSong != null) {
            try (AudioSource in = referenceSong.open()) {
                Formats.requireSound(reference, LoudnessMeter.measure(in, referenceSong.sourceChannels()), Formats.REFERENCE_NEEDS_SOUND);
            }
        }
        try {
            predictor = modelsDir.predictors(reference != null).get(model);
        } catch (IllegalArgumentException e) { // an unknown name is bad usage, as in `mixer train`
            throw usage(e.getMessage());
        }
        Mixer mixer;
        try {
            mixer = new Mixer(predictor, windows.max, referenceSong);
        } catch (IllegalArgumentException e) { // a blind model with a reference, or a match model without one
            throw usage(e.getMessage());
        }
        if (referenceSong != null && predictor.task().sameCrop()) { // it learnt a take beside its own mix, not another song
            spec.commandLine().getErr().println("note: model '" + predictor.name() + "' was trained for " + predictor.task().id()
                    + " (a raw take and its own mix, as `mixer estimate` reads them); another song as the reference is "
                    + "match-other's task (" + ModelsFolder.MATCH_OTHER + "/): its settings may be far from the reference's sound");
        }
        if (referenceSong != null) {
            Mixer.shorterThanAWindow(referenceSong, predictor.featureConfig(), "reference")
                    .ifPresent(n -> spec.commandLine().getErr().println("note: " + reference + ": " + n));
        }
        FileMixer fileMixer = new FileMixer(mixer, options, this::sampleFormat, true);

        Progress progress = Progress.on(spec.commandLine().getErr());
        boolean several = jobs.size() > 1;
        Path mixesDir = outDir == null ? Path.of("mixed") : outDir;
        FileMixer.Batch batch;
        // one batch at a time in an output folder: two wrote each other's mixes, and each said it had mixed them all
        try (FolderLock lock = output == null ? FolderLock.take(mixesDir, "mixing " + jobs.size() + " song(s)") : null) {
            long again = several ? jobs.stream().filter(j -> java.nio.file.Files.exists(j.output())).count() : 0;
            if (again > 0) { // a batch run again after an interruption mixes every song again: said, not silent
                spec.commandLine().getErr().printf("note: %d of the %d mixes are in %s from before and are made again%n",
                        again, jobs.size(), mixesDir);
            }
            batch = mixAll(fileMixer, jobs, progress, several);
        }
        if (several) progress.show(jobs.size(), jobs.size(), "done");
        progress.finish();
        if (jobs.size() > 1) {
            spec.commandLine().getOut().printf("mixed %d of %d songs into %s%s%n", batch.done().size(), jobs.size(), mixesDir,
                    batch.failed().isEmpty() ? "" : "; " + batch.failed().size() + " failed (see above)");
            if (reference != null) printTowardReference(batch.done());
        }
        return batch.failed().isEmpty() ? 0 : 1;
    }

    private FileMixer.Batch mixAll(FileMixer fileMixer, List<MixJob> jobs, Progress progress, boolean several) {
        return fileMixer.mixAll(jobs, this::paramsFileFor, new FileMixer.Listener() {
            @Override
            public void starting(int index, int total, MixJob job) {
                if (several) progress.show(index - 1, total, job.input().toString());
            }

            @Override
            public void pass(MixJob job, int pass, int passes, String what) {
                progress.message(job.input() + ": " + what + " (" + pass + "/" + passes + ")");
            }

            @Override
            public void done(int index, int total, FileMixer.Done d) {
                progress.clear();
                print(d);
            }

            @Override
            public void failed(int index, int total, FileMixer.Failed f) {
                progress.message(spec.qualifiedName() + ": " + f.reason() + " (skipped)");
                Main.debugTrace(f.cause(), spec.commandLine().getErr());
            }
        });
    }

    private void print(FileMixer.Done d) {
        spec.commandLine().getOut().printf("%s -> %s (model %s, %d window%s%s, %.1f s)%n", d.job().input(), d.job().output(),
                d.prediction().model(), d.prediction().windows(), d.prediction().windows() == 1 ? "" : "s",
                refine ? ", refined" : "", d.seconds());
        boolean adjusted = !d.result().applied().equals(d.result().predicted());
        Table t = adjusted ? new Table("parameter", "predicted", "applied") : new Table("parameter", "predicted");
        for (Param p : Param.all()) {
            String predicted = Formats.physical(p, d.result().predicted().get(p));
            if (adjusted) t.row(p.id, predicted, Formats.physical(p, d.result().applied().get(p)));
            else t.row(p.id, predicted);
        }
        spec.commandLine().getOut().print(t);
        for (String w : d.result().warnings()) spec.commandLine().getErr().println("warning: " + d.job().input() + ": " + w);
        if (!Double.isFinite(d.inputLoudness().integratedLufs())) {
            spec.commandLine().getErr().println("warning: " + d.job().input() + ": " + Mixer.NO_LOUDNESS
                    + ": the settings are the model's guess from near silence");
        }
        for (String n : d.result().notes()) spec.commandLine().getErr().println("note: " + d.job().input() + ": " + n);
        spec.commandLine().getOut().printf("loudness %s -> %s%s, written as %s%n", Formats.loudness(d.inputLoudness()), Formats.loudness(d.mixLoudness()),
                d.result().limiter() ? "" : " (limiter off)", d.format());
        if (d.referenceFit() != null) {
            spec.commandLine().getOut().printf(Locale.ROOT, "toward %s: the mix is %.3f from its sound, the song itself %.3f "
                    + "(band profiles of mid and side plus loudness difference / %.0f LU; lower is nearer)%n", reference,
                    d.referenceFit().mix(), d.referenceFit().song(), ReferenceDistance.LOUDNESS_LU_PER_UNIT);
        }
        if (d.paramsFile() != null) spec.commandLine().getOut().println("settings: " + d.paramsFile());
        double written = d.mixLoudness().integratedLufs();
        if (targetLufs != null && d.result().limiter() && Double.isFinite(written) && written < targetLufs - TARGET_MISSED_LU) {
            spec.commandLine().getErr().printf(Locale.ROOT, "warning: %s is %.1f LUFS, not the %.1f asked: the level was set for it "
                    + "before the limiter, which took the peaks down to its ceiling (%.1f dBTP); --no-limiter keeps the level "
                    + "(and the peaks, as float32)%n", d.job().output(), written, targetLufs, Renderer.LIMITER_CEILING_DBTP);
        }
        if (!d.result().limiter() && d.mixLoudness().samplePeakDbfs() > 0 && !d.format().floatingPoint()) {
            spec.commandLine().getErr().printf("warning: %s peaks at %+.1f dBFS and clips in %s; use --format float32 or the limiter.%n",
                    d.job().output(), d.mixLoudness().samplePeakDbfs(), d.format());
        }
        spec.commandLine().getOut().println();
    }

    /** How far below a --target-lufs the written mix may end before it is said (the limiter takes a little off most). */
    static final double TARGET_MISSED_LU = 1;

    /** A batch's summary of the per-song "toward REF" lines: how many mixes came nearer, and the medians. */
    private void printTowardReference(List<FileMixer.Done> done) {
        List<FileMixer.ReferenceFit> fits = done.stream().map(FileMixer.Done::referenceFit).filter(java.util.Objects::nonNull).toList();
        if (fits.isEmpty()) return;
        long nearer = fits.stream().filter(f -> f.mix() < f.song()).count();
        Median median = new Median();
        spec.commandLine().getOut().printf(Locale.ROOT, "toward %s: %d of %d mixes nearer its sound than their songs; "
                + "median distance %.3f (the songs %.3f)%n", reference, nearer, fits.size(),
                median.evaluate(fits.stream().mapToDouble(FileMixer.ReferenceFit::mix).toArray()),
                median.evaluate(fits.stream().mapToDouble(FileMixer.ReferenceFit::song).toArray()));
    }

    private Path paramsFileFor(MixJob job) {
        if (paramsOut != null) return paramsOut;
        if (!saveParams) return null;
        String name = job.output().getFileName().toString();
        return job.output().resolveSibling(name.substring(0, name.length() - ".wav".length()) + ".json");
    }

    private mixer.dsp.io.SampleFormat sampleFormat(Song.FileSong song) {
        return format.sampleFormat(song.preferredWriteFormat());
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

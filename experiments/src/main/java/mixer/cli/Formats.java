package mixer.cli;

import mixer.dsp.loudness.Loudness;
import mixer.dsp.params.Param;
import mixer.inference.Mixer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** How the commands write a setting and a loudness, and refuse a silent file: one wording for all of them. */
final class Formats {

    private Formats() {
    }

    /** "+3.5 dB", "4.2:1", "0.35": a value in its unit. */
    static String physical(Param p, double v) {
        return switch (p.unit) {
            case "dB" -> String.format(Locale.ROOT, "%+.1f dB", v);
            case "ratio" -> String.format(Locale.ROOT, "%.2f:1", v);
            default -> String.format(Locale.ROOT, "%.3f", v);
        };
    }

    /** "-14.2 LUFS / -1.0 dBTP"; "unmeasured" below BS.1770's gate, "silent" without a peak. */
    static String loudness(Loudness l) {
        String level = Double.isFinite(l.integratedLufs()) ? String.format(Locale.ROOT, "%.1f LUFS", l.integratedLufs())
                : Double.isFinite(l.truePeakDbtp()) ? "unmeasured" : "silent";
        return level
                + (Double.isFinite(l.truePeakDbtp()) ? String.format(Locale.ROOT, " / %+.1f dBTP", l.truePeakDbtp()) : "");
    }

    /** A file a command must hear (a reference to mix toward, a take or its mix to read settings from): an error if silent. */
    static void requireSound(Path file, Loudness measured, String why) throws IOException {
        if (!Double.isFinite(measured.integratedLufs())) throw new IOException(file + ": " + Mixer.NO_LOUDNESS + "; " + why);
    }

    /** Why a reference must not be silent. */
    static final String REFERENCE_NEEDS_SOUND = "a reference needs sound to mix toward";
}

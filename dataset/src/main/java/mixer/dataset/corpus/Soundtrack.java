package mixer.dataset.corpus;

import java.util.List;

/**
 * A Debian package that ships a game's or project's released music, with the licence to record when its
 * copyright file does not say per file (DEP-5) which licence covers a track.
 *
 * @param packageName      the Debian binary package
 * @param fallbackLicence  SPDX-style licence of the package's music, read from its copyright file by hand
 */
public record Soundtrack(String packageName, String fallbackLicence) {

    /**
     * The default corpus: Debian 12 packages whose music folders hold finished stereo tracks of at least
     * 60 s (probed 2026-11-24: about 320 such files in 2.6 GB of packages, before de-duplication).
     */
    public static final List<Soundtrack> DEFAULT = List.of(
            new Soundtrack("extremetuxracer-data", "GPL-2+"),
            new Soundtrack("flare-game", "CC-BY-SA-3.0+"),
            new Soundtrack("freedroidrpg-data", "GPL-2+"),
            new Soundtrack("hedgewars-data", "GPL-2"),
            new Soundtrack("hyperrogue-music", "CC-BY-SA-3.0"),
            new Soundtrack("lincity-ng-data", "GPL-2+"),
            new Soundtrack("megaglest-data", "CC-BY-SA-3.0"),
            new Soundtrack("naev-data", "GPL-3"),
            new Soundtrack("openclonk-data", "CC-BY-3.0"),
            new Soundtrack("scorched3d-data", "GPL-2+"),
            new Soundtrack("supertux-data", "GPL-2+"),
            new Soundtrack("supertuxkart-data", "CC-BY-SA-3.0"),
            new Soundtrack("warmux-data", "GPL-2+"),
            new Soundtrack("warzone2100-music", "GPL-2+"),
            new Soundtrack("wesnoth-1.16-music", "GPL-2+"),
            new Soundtrack("widelands-data", "GPL-2+"),
            new Soundtrack("xmoto-data", "GPL-2+"));

    /** Whether an installed file is in a music folder: some folder on its path is named like "music". */
    public static boolean inMusicFolder(String relativePath) {
        String[] parts = relativePath.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].toLowerCase(java.util.Locale.ROOT).contains("music")) return true;
        }
        return false;
    }
}

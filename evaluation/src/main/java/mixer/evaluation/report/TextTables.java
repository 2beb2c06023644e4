package mixer.evaluation.report;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables as Markdown (pipe tables) and HTML; cells print as the column formats them, and a
 * column whose cells all read as numbers ("0.041 [0.035, 0.047]", "2.4 dB", "75 %") is right-aligned.
 */
final class TextTables {

    private TextTables() {
    }

    static String markdown(Table t) {
        StringBuilder sb = new StringBuilder("|");
        for (Column<?> c : t.columns()) sb.append(' ').append(md(c.name())).append(" |");
        sb.append("\n|");
        for (Column<?> c : t.columns()) sb.append(numeric(c) ? "--:|" : "---|");
        sb.append('\n');
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append('|');
            for (Column<?> c : t.columns()) sb.append(' ').append(md(c.getString(r))).append(" |");
            sb.append('\n');
        }
        return sb.toString();
    }

    static String html(Table t) {
        StringBuilder sb = new StringBuilder("<table>\n<thead><tr>");
        for (Column<?> c : t.columns()) sb.append("<th>").append(escape(c.name())).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append("<tr>");
            for (Column<?> c : t.columns()) {
                sb.append(numeric(c) ? "<td class=\"num\">" : "<td>").append(escape(c.getString(r))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    static boolean numeric(Column<?> c) {
        boolean any = false;
        for (int r = 0; r < c.size(); r++) {
            String v = c.getString(r).trim();
            if (v.isEmpty() || v.equals("—")) continue;
            if (!NUMBER_START.matcher(v).lookingAt()) return false;
            any = true;
        }
        return any;
    }

    private static final java.util.regex.Pattern NUMBER_START = java.util.regex.Pattern.compile("[-+]?(\\d|\\.\\d|NaN|Infinity)");

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}

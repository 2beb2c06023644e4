package mixer.evaluation.report;

import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's content as a list of blocks, rendered once as Markdown and once as HTML so the two
 * files always say the same thing.
 */
final class Document {

    sealed interface Block permits Heading, Paragraph, TableBlock, Image, Bullets {
    }

    record Heading(int level, String text) implements Block {
    }

    record Paragraph(String text) implements Block {
    }

    record TableBlock(Table table) implements Block {
    }

    /** An image file relative to the report folder. */
    record Image(String path, String alt) implements Block {
    }

    record Bullets(List<String> items) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    Document(String title) {
        this.title = title;
    }

    Document heading(String text) {
        blocks.add(new Heading(2, text));
        return this;
    }

    Document paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    Document table(Table t) {
        blocks.add(new TableBlock(t));
        return this;
    }

    Document image(String path, String alt) {
        blocks.add(new Image(path, alt));
        return this;
    }

    Document bullets(List<String> items) {
        blocks.add(new Bullets(List.copyOf(items)));
        return this;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                sb.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (b instanceof Paragraph p) {
                sb.append(p.text()).append("\n\n");
            } else if (b instanceof TableBlock t) {
                sb.append(TextTables.markdown(t.table())).append('\n');
            } else if (b instanceof Image i) {
                sb.append("![").append(i.alt()).append("](").append(i.path()).append(")\n\n");
            } else if (b instanceof Bullets l) {
                for (String item : l.items()) sb.append("- ").append(item).append('\n');
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    String html() {
        StringBuilder sb = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                  body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 1150px; margin: 2em auto; padding: 0 1em; color: #222; }
                  h1 { font-size: 1.6em; border-bottom: 2px solid #0072B2; padding-bottom: .2em; }
                  h2 { font-size: 1.25em; margin-top: 1.8em; }
                  table { border-collapse: collapse; margin: .6em 0 1.2em; font-size: .86em; }
                  th, td { border: 1px solid #ccc; padding: .25em .55em; }
                  th { background: #f0f4f8; text-align: left; }
                  td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
                  img { max-width: 100%%; border: 1px solid #ddd; margin: .4em 0 1em; }
                  code { background: #f4f4f4; padding: 0 .2em; }
                </style>
                </head>
                <body>
                <h1>%s</h1>
                """.formatted(TextTables.escape(title), TextTables.escape(title)));
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                sb.append("<h").append(h.level()).append('>').append(inline(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (b instanceof Paragraph p) {
                sb.append("<p>").append(inline(p.text())).append("</p>\n");
            } else if (b instanceof TableBlock t) {
                sb.append(TextTables.html(t.table()));
            } else if (b instanceof Image i) {
                sb.append("<p><img src=\"").append(TextTables.escape(i.path())).append("\" alt=\"")
                        .append(TextTables.escape(i.alt())).append("\"></p>\n");
            } else if (b instanceof Bullets l) {
                sb.append("<ul>\n");
                for (String item : l.items()) sb.append("<li>").append(inline(item)).append("</li>\n");
                sb.append("</ul>\n");
            }
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    /**
     * Escapes HTML and turns Markdown's `code`, **bold** and [text](url) links into tags. A link's url is relative or
     * http(s), without spaces or parentheses; escaped as the text is, it stays inside its attribute.
     */
    private static String inline(String text) {
        String s = TextTables.escape(text);
        s = s.replaceAll("`([^`]+)`", "<code>$1</code>");
        s = s.replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
        return s.replaceAll("\\[([^\\]]+)\\]\\(((?:https?://)?[^()\\s<>:]+)\\)", "<a href=\"$2\">$1</a>");
    }
}

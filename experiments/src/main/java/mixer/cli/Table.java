package mixer.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with columns padded to their widest cell, for terminal output. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
        columns = header.length;
        rows.add(header);
    }

    Table row(String... cells) {
        if (cells.length != columns) throw new IllegalArgumentException("expected " + columns + " cells");
        rows.add(cells);
        return this;
    }

    @Override
    public String toString() {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            for (int i = 0; i < columns; i++) {
                sb.append(String.format("%-" + width[i] + "s", r[i]));
                sb.append(i + 1 < columns ? "  " : "");
            }
            sb.append(System.lineSeparator());
            if (n == 0) {
                for (int i = 0; i < columns; i++) sb.append("-".repeat(width[i])).append(i + 1 < columns ? "  " : "");
                sb.append(System.lineSeparator());
            }
        }
        return sb.toString().replaceAll(" +(\\R)", "$1");
    }
}

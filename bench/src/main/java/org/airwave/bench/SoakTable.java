package org.airwave.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The soak's table: one row a minute, and the least-squares slope of every column per hour over
 * the rows after the first {@code skipMinutes} (the JIT compiler, the heap and the listener
 * count settle first), so "flat" is one number per column.
 *
 * <p>Threading: rows are added by the sampling thread; printed by the main thread after it stopped.
 */
final class SoakTable {

    static final String[] COLUMNS = {"min", "rssMB", "heapMB", "thr", "fds", "cpu%", "lsnSrv", "mounts", "lsnGen",
            "ended", "disturb", "genLag", "load1"};
    private static final String[] FORMATS = {"%4.0f", "%8.1f", "%8.1f", "%8.0f", "%8.0f", "%8.1f", "%8.0f", "%8.0f",
            "%8.0f", "%8.0f", "%8.0f", "%8.0f", "%8.1f"};
    /** Rows a slope is taken over at least: a run shorter than the skipped minutes skips fewer. */
    private static final int MIN_SLOPE_ROWS = 3;
    /** Column of the minute, the x of every slope. */
    private static final int MINUTE = 0;

    private final int skipMinutes;
    private final List<double[]> rows = new ArrayList<>();

    SoakTable(int skipMinutes) {
        this.skipMinutes = skipMinutes;
    }

    /** Adds a row (one value per column, in {@link #COLUMNS} order) and returns it formatted. */
    synchronized String add(double... values) {
        if (values.length != COLUMNS.length) throw new IllegalArgumentException("a row has " + COLUMNS.length + " values");
        rows.add(values.clone());
        return format(values);
    }

    static String header() {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < COLUMNS.length; i++) {
            int width = String.format(Locale.ROOT, FORMATS[i], 0.0).length();
            line.append(String.format(Locale.ROOT, "%" + width + "s ", COLUMNS[i]));
        }
        return line.toString().stripTrailing();
    }

    synchronized String print() {
        StringBuilder out = new StringBuilder(header()).append('\n');
        for (double[] row : rows) out.append(format(row)).append('\n');
        out.append(slopeLine()).append('\n');
        return out.toString();
    }

    /** Slope per hour of each column over the rows after the skipped minutes ("-" with fewer than 2 readable values). */
    private String slopeLine() {
        int skip = Math.min(skipMinutes, Math.max(0, rows.size() - MIN_SLOPE_ROWS));
        List<double[]> kept = rows.stream().filter(r -> r[MINUTE] > skip).toList();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "slope per hour over minutes %d-%d (least squares, %d rows):%n", skip + 1,
                kept.isEmpty() ? skip : (long) kept.get(kept.size() - 1)[MINUTE], kept.size()));
        line.append(String.format(Locale.ROOT, "%4s ", "/h"));
        for (int c = 1; c < COLUMNS.length; c++) {
            int width = String.format(Locale.ROOT, FORMATS[c], 0.0).length();
            double slope = slope(kept, c);
            String value = Double.isNaN(slope) ? "-" : String.format(Locale.ROOT, "%+.1f", 60 * slope);
            line.append(String.format(Locale.ROOT, "%" + width + "s ", value));
        }
        return line.toString().stripTrailing();
    }

    private static double slope(List<double[]> rows, int column) {
        double meanX = 0, meanY = 0;
        int n = 0;
        for (double[] row : rows) {
            if (row[column] < 0) continue;   // a figure that could not be read
            meanX += row[MINUTE];
            meanY += row[column];
            n++;
        }
        if (n < 2) return Double.NaN;
        meanX /= n;
        meanY /= n;
        double sxy = 0, sxx = 0;
        for (double[] row : rows) {
            if (row[column] < 0) continue;
            sxy += (row[MINUTE] - meanX) * (row[column] - meanY);
            sxx += (row[MINUTE] - meanX) * (row[MINUTE] - meanX);
        }
        return sxy / sxx;
    }

    private static String format(double[] row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            line.append(String.format(Locale.ROOT, FORMATS[i], row[i])).append(' ');
        }
        return line.toString().stripTrailing();
    }
}

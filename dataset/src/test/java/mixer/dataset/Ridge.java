package mixer.dataset;

/** Ridge regression for the probes: features standardised on the training part, an unpenalised intercept, clipped to [0, 1]. */
final class Ridge {

    private Ridge() {
    }

    /** MAE per target of predictions for each track from a fit on all other tracks. */
    static double[] leaveOneTrackOut(double[][] x, double[][] y, int[] track, double lambda) {
        return mae(heldOutPredictions(x, y, track, lambda), y);
    }

    /** Each row's prediction, clipped to [0, 1], from a fit on the rows of all other tracks. */
    static double[][] heldOutPredictions(double[][] x, double[][] y, int[] track, double lambda) {
        int n = x.length;
        double[][] out = new double[n][];
        for (int held : java.util.Arrays.stream(track).distinct().toArray()) {
            int[] train = java.util.stream.IntStream.range(0, n).filter(i -> track[i] != held).toArray();
            double[][] w = fit(x, y, train, lambda);
            for (int i = 0; i < n; i++) {
                if (track[i] != held) continue;
                double[] p = predict(w, x[i]);
                for (int o = 0; o < p.length; o++) p[o] = Math.max(0, Math.min(1, p[o]));
                out[i] = p;
            }
        }
        return out;
    }

    /** MAE per target of predictions against targets, row by row. */
    static double[] mae(double[][] predicted, double[][] y) {
        double[] mae = new double[y[0].length];
        for (int i = 0; i < y.length; i++) for (int o = 0; o < mae.length; o++) mae[o] += Math.abs(predicted[i][o] - y[i][o]) / y.length;
        return mae;
    }

    /** Rows: [mean, std] per feature, then the weights [features + 1][outputs] (intercept last). */
    static double[][] fit(double[][] x, double[][] y, int[] rows, double lambda) {
        int d = x[0].length, outputs = y[0].length;
        double[] mean = new double[d], std = new double[d];
        for (int i : rows) for (int j = 0; j < d; j++) mean[j] += x[i][j] / rows.length;
        for (int i : rows) for (int j = 0; j < d; j++) std[j] += (x[i][j] - mean[j]) * (x[i][j] - mean[j]) / rows.length;
        for (int j = 0; j < d; j++) std[j] = std[j] > 1e-12 ? Math.sqrt(std[j]) : 1;
        int m = d + 1;
        double[][] a = new double[m][m], b = new double[m][outputs];
        double[] z = new double[m];
        for (int i : rows) {
            for (int j = 0; j < d; j++) z[j] = (x[i][j] - mean[j]) / std[j];
            z[d] = 1;
            for (int p = 0; p < m; p++) {
                for (int q = 0; q < m; q++) a[p][q] += z[p] * z[q];
                for (int o = 0; o < outputs; o++) b[p][o] += z[p] * y[i][o];
            }
        }
        for (int j = 0; j < d; j++) a[j][j] += lambda;
        double[][] w = solve(a, b);
        double[][] out = new double[m + 2][];
        out[0] = mean;
        out[1] = std;
        for (int p = 0; p < m; p++) out[p + 2] = w[p];
        return out;
    }

    static double[] predict(double[][] model, double[] x) {
        double[] mean = model[0], std = model[1];
        int d = mean.length, outputs = model[2].length;
        double[] p = new double[outputs];
        for (int o = 0; o < outputs; o++) {
            double s = model[d + 2][o];
            for (int j = 0; j < d; j++) s += (x[j] - mean[j]) / std[j] * model[j + 2][o];
            p[o] = s;
        }
        return p;
    }

    /** Gaussian elimination with partial pivoting of a symmetric positive definite system. */
    private static double[][] solve(double[][] a, double[][] b) {
        int m = a.length, k = b[0].length;
        for (int c = 0; c < m; c++) {
            int pivot = c;
            for (int r = c + 1; r < m; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
            double[] t = a[c]; a[c] = a[pivot]; a[pivot] = t;
            t = b[c]; b[c] = b[pivot]; b[pivot] = t;
            for (int r = c + 1; r < m; r++) {
                double f = a[r][c] / a[c][c];
                for (int q = c; q < m; q++) a[r][q] -= f * a[c][q];
                for (int o = 0; o < k; o++) b[r][o] -= f * b[c][o];
            }
        }
        double[][] w = new double[m][k];
        for (int r = m - 1; r >= 0; r--) {
            for (int o = 0; o < k; o++) {
                double s = b[r][o];
                for (int q = r + 1; q < m; q++) s -= a[r][q] * w[q][o];
                w[r][o] = s / a[r][r];
            }
        }
        return w;
    }
}

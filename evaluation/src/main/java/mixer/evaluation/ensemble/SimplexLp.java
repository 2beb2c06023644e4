package mixer.evaluation.ensemble;

/**
 * A small dense linear-programme solver: minimise c·z subject to A z = b, z ≥ 0, by the tableau
 * simplex method from a given feasible basis, with Bland's rule (lowest index enters and leaves),
 * which cannot cycle on degenerate vertices. Enough for ensemble fits (about 100 rows, 200 columns).
 */
final class SimplexLp {

    private static final double EPS = 1e-12;

    private final double[][] t;   // [row][column], last column the right-hand side
    private final double[] cost;  // reduced costs; cost[columns] holds minus the objective
    private final int[] basis;
    private final int columns;

    private SimplexLp(double[][] a, double[] b, double[] c, int[] basis) {
        int rows = a.length;
        columns = c.length;
        t = new double[rows][columns + 1];
        for (int r = 0; r < rows; r++) {
            if (a[r].length != columns) throw new IllegalArgumentException("row " + r + " has " + a[r].length + " columns, expected " + columns);
            System.arraycopy(a[r], 0, t[r], 0, columns);
            t[r][columns] = b[r];
        }
        cost = new double[columns + 1];
        System.arraycopy(c, 0, cost, 0, columns);
        this.basis = basis.clone();
    }

    /**
     * The optimal z. {@code basis[r]} is the column made basic in row r; after those pivots the
     * right-hand side must be non-negative (a feasible start), else an error.
     */
    static double[] minimise(double[][] a, double[] b, double[] c, int[] basis) {
        SimplexLp lp = new SimplexLp(a, b, c, basis);
        lp.enterBasis();
        lp.iterate();
        return lp.solution();
    }

    private void enterBasis() {
        for (int r = 0; r < t.length; r++) {
            if (Math.abs(t[r][basis[r]]) < EPS) throw new IllegalArgumentException("starting basis is singular at row " + r);
            pivot(r, basis[r]);
        }
        for (int r = 0; r < t.length; r++) {
            if (t[r][columns] < -1e-9) throw new IllegalArgumentException("starting basis is infeasible at row " + r);
            t[r][columns] = Math.max(0, t[r][columns]);
        }
    }

    private void iterate() {
        // each pivot moves to a vertex at least as good; Bland's rule guarantees termination
        for (int step = 0; step < 1_000_000; step++) {
            int enter = -1;
            for (int j = 0; j < columns; j++) {
                if (cost[j] < -EPS) {
                    enter = j;
                    break;
                }
            }
            if (enter < 0) return; // no improving column: optimal
            int leave = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int r = 0; r < t.length; r++) {
                if (t[r][enter] > EPS) {
                    double ratio = t[r][columns] / t[r][enter];
                    if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[r] < basis[leave])) {
                        best = ratio;
                        leave = r;
                    }
                }
            }
            if (leave < 0) throw new IllegalStateException("the linear programme is unbounded");
            pivot(leave, enter);
            basis[leave] = enter;
        }
        throw new IllegalStateException("the simplex method did not finish");
    }

    private void pivot(int row, int col) {
        double[] p = t[row];
        double inv = 1 / p[col];
        for (int j = 0; j <= columns; j++) p[j] *= inv;
        p[col] = 1;
        for (int r = 0; r < t.length; r++) {
            if (r != row) eliminate(t[r], p, col);
        }
        eliminate(cost, p, col);
    }

    private void eliminate(double[] target, double[] p, int col) {
        double f = target[col];
        if (f == 0) return;
        for (int j = 0; j <= columns; j++) target[j] -= f * p[j];
        target[col] = 0;
    }

    private double[] solution() {
        double[] z = new double[columns];
        for (int r = 0; r < t.length; r++) z[basis[r]] = t[r][columns];
        return z;
    }
}

package io.mcphub.bench;

import java.util.ArrayList;
import java.util.List;

/** The table: each figure with its goal and PASS/MISS (or "-" for figures given for context), plus notes. */
final class Report {
    record Row(String part, String figure, String value, String goal, String verdict) {}

    final List<Row> rows = new ArrayList<>();
    final List<String> details = new ArrayList<>();

    void info(String part, String figure, String value) {
        rows.add(new Row(part, figure, value, "", ""));
    }

    void goal(String part, String figure, String value, String goal, boolean pass) {
        rows.add(new Row(part, figure, value, goal, pass ? "PASS" : "MISS"));
    }

    void missing(String part, String figure, String why) {
        rows.add(new Row(part, figure, "not measured: " + why, "", "n/a"));
    }

    void detail(String line) {
        details.add(line);
        System.out.println("  " + line);
    }

    String markdownTable() {
        StringBuilder b = new StringBuilder("| part | figure | value | goal | verdict |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ")
                    .append(r.part)
                    .append(" | ")
                    .append(r.figure)
                    .append(" | ")
                    .append(r.value)
                    .append(" | ")
                    .append(r.goal)
                    .append(" | ")
                    .append(r.verdict)
                    .append(" |\n");
        }
        return b.toString();
    }

    static String ms(double v) {
        return String.format("%.2f ms", v);
    }

    static String rate(double v) {
        return String.format("%,.0f/s", v);
    }

    static String ratio(double v) {
        return String.format("%.2fx", v);
    }

    static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}

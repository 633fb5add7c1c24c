package io.ballast.etc;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Text in java.util.Properties syntax cut into logical lines, each with the natural lines it was
 * written as, so that a file can be edited one entry at a time and everything else written back
 * byte for byte. Properties' own rules: a line whose first non-blank character is {@code #} or
 * {@code !} is a comment; a line ending in an odd number of backslashes continues on the next,
 * whose leading blanks are dropped.
 */
public final class PropertiesLines {

    /**
     * One logical line.
     *
     * @param number  the number (from 1) of its first natural line
     * @param natural its natural lines, without their terminators
     */
    public record Line(int number, List<String> natural) {

        /** The natural lines as written, joined; for checks on the raw characters. */
        public String text() {
            return String.join("\n", natural);
        }

        public boolean isCommentOrBlank() {
            String first = natural.get(0).stripLeading();
            return first.isEmpty() || first.charAt(0) == '#' || first.charAt(0) == '!';
        }

        /** The line as Properties reads it: continuations joined, their leading blanks dropped. */
        public String logical() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < natural.size(); i++) {
                String part = i == 0 ? natural.get(i) : natural.get(i).stripLeading();
                sb.append(i < natural.size() - 1 ? part.substring(0, part.length() - 1) : part);
            }
            return sb.toString();
        }

        /** The key this line sets, or null for a comment, a blank line, or a line Properties cannot read. */
        public String key() {
            if (isCommentOrBlank()) {
                return null;
            }
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical()));
            } catch (IOException | IllegalArgumentException e) {
                return null;
            }
            return one.stringPropertyNames().stream().findFirst().orElse(null);
        }
    }

    private PropertiesLines() {
    }

    public static List<Line> split(String text) {
        List<String> natural = text.lines().toList();
        List<Line> lines = new ArrayList<>();
        int i = 0;
        while (i < natural.size()) {
            int first = i;
            List<String> parts = new ArrayList<>();
            parts.add(natural.get(i));
            boolean comment = new Line(first + 1, parts).isCommentOrBlank();
            while (!comment && continues(natural.get(i)) && i + 1 < natural.size()) {
                parts.add(natural.get(++i));
            }
            lines.add(new Line(first + 1, List.copyOf(parts)));
            i++;
        }
        return lines;
    }

    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}

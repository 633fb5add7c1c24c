package io.ballast.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits a {@code key = value} file (a Felix {@code .cfg}) as an operator would: a key present gets
 * its new value on its own line, comments and other keys stay, missing keys are appended. The new
 * text replaces the old in one rename, so the broker's file watcher never reads half a file.
 */
final class ConfigLines {
    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*([^#!\\s=:][^\\s=:]*)\\s*[=:].*$");

    private ConfigLines() {
    }

    static void set(Path file, Map<String, String> values) throws IOException {
        Map<String, String> pending = new LinkedHashMap<>(values);
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (assignment.matches() && pending.containsKey(assignment.group(1))) {
                String key = assignment.group(1);
                lines.add(key + " = " + pending.remove(key));
            } else {
                lines.add(line);
            }
        }
        pending.forEach((key, value) -> lines.add(key + " = " + value));
        Path next = file.resolveSibling(file.getFileName() + ".verify-tmp");
        Files.write(next, lines, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The value of {@code key} in the file, or {@code otherwise} when it is not set there. */
    static String get(Path file, String key, String otherwise) throws IOException {
        String value = otherwise;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (assignment.matches() && assignment.group(1).equals(key)) {
                value = line.substring(line.indexOf(line.contains("=") ? '=' : ':') + 1).trim();
            }
        }
        return value;
    }
}

package io.ballast.etc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A ConfigAdmin file in {@code etc/} (properties syntax) that the launcher sets keys in while
 * keeping the operator's comments, order and other keys as they were.
 *
 * <p>A key already set is replaced where it stands. A key that is only documented, as a comment
 * line {@code # key = default}, is set on the line after that comment, so the effective value sits
 * under its documentation. Any other key is appended at the end, under a comment saying where it
 * came from. Values are written escaped and in ASCII ({@code \\uXXXX}), which both
 * java.util.Properties and FileInstall read the same way.
 *
 * <p>The file is replaced whole (a temporary file moved over it), never rewritten in place: FileInstall
 * polls etc/ and would otherwise read a half-written file and apply it as the configuration.
 * Not thread-safe: one instance per edit, and callers in one process serialize their edits.
 */
public final class CfgFile {
    private final Path path;
    private final String newline;
    private final List<List<String>> entries = new ArrayList<>(); // one per logical line: its natural lines
    private final List<String> keys = new ArrayList<>();          // the key each entry sets, or null

    private CfgFile(Path path, String text) {
        this.path = path;
        this.newline = text.contains("\r\n") ? "\r\n" : "\n";
        for (PropertiesLines.Line line : PropertiesLines.split(text)) {
            entries.add(new ArrayList<>(line.natural()));
            keys.add(line.key());
        }
    }

    /** The file as it is now; an absent file reads as empty and is created by {@link #write()}. */
    public static CfgFile load(Path path) throws IOException {
        return new CfgFile(path, Files.isRegularFile(path) ? Files.readString(path, StandardCharsets.ISO_8859_1) : "");
    }

    /** Sets every key, in the map's order; {@code origin} heads the keys appended at the end. */
    public void setAll(Map<String, String> values, String origin) {
        boolean headed = false;
        for (Map.Entry<String, String> e : values.entrySet()) {
            List<String> line = List.of(e.getKey() + " = " + escape(e.getValue()));
            int at = keys.lastIndexOf(e.getKey());
            if (at >= 0) {
                entries.set(at, new ArrayList<>(line));
                continue;
            }
            int documented = documentedAt(e.getKey());
            if (documented >= 0) {
                entries.add(documented + 1, new ArrayList<>(line));
                keys.add(documented + 1, e.getKey());
                continue;
            }
            if (!headed) {
                entries.add(List.of(""));
                keys.add(null);
                entries.add(List.of("# " + origin));
                keys.add(null);
                headed = true;
            }
            entries.add(line);
            keys.add(e.getKey());
        }
    }

    /** Writes the file through a temporary file in the same folder, so a reader sees the old or the new file whole. */
    public void write() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (List<String> natural : entries) {
            for (String line : natural) {
                sb.append(line).append(newline);
            }
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // only left behind if the move failed, which was reported
                }
            }
        }
    }

    /** The last comment line that documents {@code key} ({@code # key = ...}), or -1. */
    private int documentedAt(String key) {
        Pattern documents = Pattern.compile("\\s*[#!]\\s*" + Pattern.quote(key) + "\\s*[=:].*");
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (keys.get(i) == null && entries.get(i).size() == 1 && documents.matcher(entries.get(i).get(0)).matches()) {
                return i;
            }
        }
        return -1;
    }

    /** A value in properties syntax: backslashes and control characters escaped, a leading blank kept, ASCII only. */
    public static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\f' -> sb.append("\\f");
                case ' ' -> sb.append(i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}

package io.ballast.launcher;

import io.ballast.etc.CfgFile;
import io.ballast.etc.PropertiesLines;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A RocketMQ {@code broker.conf} given with {@code bin/ballast -c FILE}: java.util.Properties
 * syntax, read into its keys and values in file order.
 *
 * <p>{@link Properties#load} accepts almost any text (a stray word is a key with an empty value),
 * so a file handed over by mistake would be imported silently. This reader is stricter, and
 * refuses the whole file, naming the line, when:
 * <ul>
 *   <li>it is not UTF-8 text, or holds control characters other than tab and form feed (a binary file);</li>
 *   <li>a line that is neither blank nor a comment ({@code #}, {@code !}) is not
 *       {@code key=value}, {@code key:value} or {@code key value}, with a key that starts with a
 *       letter and goes on with letters, digits, {@code . _ -} (every broker.conf key is a Java
 *       field name). A prose line ({@code remember to check}) still reads as key and value, as in
 *       RocketMQ; an INI section, a JSON or YAML list line, or a lone word does not;</li>
 *   <li>a value holds a malformed {@code \\uXXXX} escape;</li>
 *   <li>it sets no key at all.</li>
 * </ul>
 * Otherwise Properties rules hold: continuation lines end in {@code \}, the last of a repeated key wins,
 * an empty value ({@code namesrvAddr=}) is a value.
 */
final class BrokerConf {
    /** The broker's ConfigAdmin file in etc/, which -c writes into. */
    static final String ETC_FILE = "io.ballast.broker.cfg";
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]*");

    private BrokerConf() {
    }

    /**
     * Imports FILE's keys into {@code etc/io.ballast.broker.cfg}: its keys replace the same keys
     * there, the rest of that file stays, so etc/ shows the effective configuration and later edits
     * apply live. Values are copied as written: a relative storePathRootDir still resolves under the
     * instance's base, not beside FILE.
     */
    static void importInto(Path file, Path etc) throws LauncherException {
        Map<String, String> values = read(file);
        Path target = etc.resolve(ETC_FILE);
        try {
            CfgFile cfg = CfgFile.load(target);
            cfg.setAll(values, "From " + file + " (bin/ballast -c)");
            cfg.write();
        } catch (IOException e) {
            throw new LauncherException("cannot update " + target + ": " + e.getMessage(), e);
        }
    }

    static Map<String, String> read(Path file) throws LauncherException {
        if (!Files.isRegularFile(file)) {
            throw new LauncherException("broker configuration " + file + " (-c) does not exist or is not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LauncherException("cannot read broker configuration " + file + " (-c): " + e.getMessage(), e);
        }
        return parse(file.toString(), bytes);
    }

    static Map<String, String> parse(String name, byte[] bytes) throws LauncherException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new LauncherException(name + " (-c) is not a properties file: it is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark some editors write
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (PropertiesLines.Line line : PropertiesLines.split(text)) {
            String where = name + " (-c) is not a properties file: line " + line.number();
            if (line.text().chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\f' && c != '\n' && c != '\r')) {
                throw new LauncherException(where + " holds binary data");
            }
            if (line.isCommentOrBlank()) {
                continue;
            }
            String logical = line.logical();
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical));
            } catch (IOException | IllegalArgumentException e) {
                throw new LauncherException(where + ": " + e.getMessage());
            }
            String key = one.stringPropertyNames().iterator().next();
            String afterKey = logical.stripLeading().substring(Math.min(key.length(), logical.stripLeading().length()));
            if (!KEY.matcher(key).matches() || afterKey.isEmpty() || "=: \t\f".indexOf(afterKey.charAt(0)) < 0) {
                throw new LauncherException(where + " is not key=value: " + abbreviate(logical.strip()));
            }
            entries.remove(key); // a repeated key moves to its last place, as its value does
            entries.put(key, one.getProperty(key));
        }
        if (entries.isEmpty()) {
            throw new LauncherException(name + " (-c) sets no key: expected broker.conf lines such as brokerName=broker-a");
        }
        return entries;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? "'" + text + "'" : "'" + text.substring(0, 40) + "...'";
    }
}

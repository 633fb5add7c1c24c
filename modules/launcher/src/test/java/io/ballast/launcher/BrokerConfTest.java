package io.ballast.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/ballast -c FILE: what is accepted as a broker.conf, and how it lands in etc/io.ballast.broker.cfg. */
class BrokerConfTest {
    private static final String ETC_CFG = """
            # The broker's configuration.
            # brokerClusterName = DefaultCluster
            brokerName = broker-a
            # The address announced.
            brokerIP1 = 127.0.0.1
            listenPort = 10911
            # storePathRootDir = data/store
            # Let consumers read from a slave.
            slaveReadEnable = false
            accessMessageInMemoryMaxRatio = 40
            """;

    @TempDir
    Path temp;
    private Path etc;

    @BeforeEach
    void etc() throws Exception {
        etc = Files.createDirectories(temp.resolve("etc"));
        Files.writeString(etc.resolve(BrokerConf.ETC_FILE), ETC_CFG);
    }

    @Test
    void importReplacesTheSameKeysInPlaceAndKeepsEveryOtherKeyAndComment() throws Exception {
        Path conf = write("slave.conf", """
                # the slave of broker-a
                brokerClusterName=DefaultCluster
                brokerName=broker-a
                listenPort=11911
                storePathRootDir=data/store
                brokerRole=SLAVE
                slaveReadEnable=true
                """);
        BrokerConf.importInto(conf, etc);

        assertEquals("""
                # The broker's configuration.
                # brokerClusterName = DefaultCluster
                brokerClusterName = DefaultCluster
                brokerName = broker-a
                # The address announced.
                brokerIP1 = 127.0.0.1
                listenPort = 11911
                # storePathRootDir = data/store
                storePathRootDir = data/store
                # Let consumers read from a slave.
                slaveReadEnable = true
                accessMessageInMemoryMaxRatio = 40

                # From %s (bin/ballast -c)
                brokerRole = SLAVE
                """.formatted(conf), Files.readString(etc.resolve(BrokerConf.ETC_FILE)));
        assertEquals(List.of(BrokerConf.ETC_FILE), etcFiles(), "the temporary file was moved into place");
    }

    @Test
    void importingTheSameFileAgainChangesNothing() throws Exception {
        Path conf = write("master.conf", "brokerRole=SYNC_MASTER\nlistenPort=10911\nhaListenPort=10912\n");
        BrokerConf.importInto(conf, etc);
        String once = Files.readString(etc.resolve(BrokerConf.ETC_FILE));
        BrokerConf.importInto(conf, etc);
        assertEquals(once, Files.readString(etc.resolve(BrokerConf.ETC_FILE)));
    }

    @Test
    void valuesAreCopiedAsWrittenSoRelativePathsStayRelativeToTheBase() throws Exception {
        Path conf = write("conf/a.conf", "storePathRootDir = data/store-a\nnamesrvAddr=127.0.0.1:9876;127.0.0.2:9876\n"
                + "brokerName : broker-\\u00e9t\\u00e9\ndataPath=C:\\\\store\n");
        BrokerConf.importInto(conf, etc);
        Properties effective = load(etc.resolve(BrokerConf.ETC_FILE));
        assertEquals("data/store-a", effective.getProperty("storePathRootDir"));
        assertEquals("127.0.0.1:9876;127.0.0.2:9876", effective.getProperty("namesrvAddr"));
        assertEquals("broker-été", effective.getProperty("brokerName"));
        assertEquals("C:\\store", effective.getProperty("dataPath"));
        assertTrue(Files.readString(etc.resolve(BrokerConf.ETC_FILE), StandardCharsets.US_ASCII).contains("broker-\\u00e9t\\u00e9"),
                "written in ASCII, which FileInstall and Properties read alike");
    }

    @Test
    void aMissingEtcFileIsCreated() throws Exception {
        Files.delete(etc.resolve(BrokerConf.ETC_FILE));
        BrokerConf.importInto(write("b.conf", "brokerId=1\n"), etc);
        assertEquals("1", load(etc.resolve(BrokerConf.ETC_FILE)).getProperty("brokerId"));
    }

    @Test
    void propertiesSyntaxIsReadAsPropertiesReadsIt() throws Exception {
        Map<String, String> conf = BrokerConf.parse("x.conf", ("""
                ! a comment
                   # an indented comment
                brokerName   broker-b
                namesrvAddr = 127.0.0.1:9876;\\
                              127.0.0.2:9876
                namesrvAddr=10.0.0.1:9876
                emptyValue=
                """).getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("brokerName", "broker-b", "namesrvAddr", "10.0.0.1:9876", "emptyValue", ""), conf);
        assertEquals(List.of("brokerName", "namesrvAddr", "emptyValue"), List.copyOf(conf.keySet()));
    }

    @Test
    void aMissingFileOrAFolderIsRefused() throws Exception {
        LauncherException missing = assertThrows(LauncherException.class, () -> BrokerConf.importInto(temp.resolve("nope.conf"), etc));
        assertEquals("broker configuration " + temp.resolve("nope.conf") + " (-c) does not exist or is not a file", missing.getMessage());
        assertThrows(LauncherException.class, () -> BrokerConf.importInto(temp, etc));
        assertEquals(ETC_CFG, Files.readString(etc.resolve(BrokerConf.ETC_FILE)), "etc/ untouched");
    }

    @Test
    void binaryGarbageIsRefusedAndEtcIsLeftAlone() throws Exception {
        Path notUtf8 = temp.resolve("logo.png");
        Files.write(notUtf8, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, (byte) 0xff});
        LauncherException e = assertThrows(LauncherException.class, () -> BrokerConf.importInto(notUtf8, etc));
        assertEquals(notUtf8 + " (-c) is not a properties file: it is not UTF-8 text", e.getMessage());

        Path controls = temp.resolve("data.bin");
        Files.write(controls, "brokerName=a\nkey\u0000\u0001=x\n".getBytes(StandardCharsets.UTF_8));
        e = assertThrows(LauncherException.class, () -> BrokerConf.importInto(controls, etc));
        assertEquals(controls + " (-c) is not a properties file: line 2 holds binary data", e.getMessage());
        assertEquals(ETC_CFG, Files.readString(etc.resolve(BrokerConf.ETC_FILE)));
    }

    @Test
    void aLineThatIsNotKeyValueIsRefusedByNumber() {
        LauncherException word = assertThrows(LauncherException.class,
                () -> BrokerConf.parse("a.conf", "brokerName=a\n\nbrokerId\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a.conf (-c) is not a properties file: line 3 is not key=value: 'brokerId'", word.getMessage());
        LauncherException json = assertThrows(LauncherException.class,
                () -> BrokerConf.parse("b.json", "{\"brokerName\": \"a\"}\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("b.json (-c) is not a properties file: line 1 is not key=value: '{\"brokerName\": \"a\"}'", json.getMessage());
        LauncherException yamlList = assertThrows(LauncherException.class,
                () -> BrokerConf.parse("c.yaml", "brokers:\n  - broker-a\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("c.yaml (-c) is not a properties file: line 2 is not key=value: '- broker-a'", yamlList.getMessage());
    }

    @Test
    void aMalformedUnicodeEscapeIsRefusedByLine() {
        LauncherException e = assertThrows(LauncherException.class,
                () -> BrokerConf.parse("c.conf", "brokerName=a\\u00zz\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("c.conf (-c) is not a properties file: line 1: Malformed"), e.getMessage());
    }

    @Test
    void aFileWithNoKeyIsRefused() {
        LauncherException e = assertThrows(LauncherException.class,
                () -> BrokerConf.parse("d.conf", "# only a comment\n\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("d.conf (-c) sets no key: expected broker.conf lines such as brokerName=broker-a", e.getMessage());
    }

    private Path write(String name, String text) throws Exception {
        Path file = temp.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private List<String> etcFiles() throws Exception {
        try (Stream<Path> files = Files.list(etc)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(reader);
        }
        return p;
    }
}

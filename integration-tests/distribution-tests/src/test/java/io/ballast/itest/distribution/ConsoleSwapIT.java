package io.ballast.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.UnpackedDistribution;
import io.ballast.itest.fixture.UnpackedDistribution.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ballast:swap, ballast:services and ballast:watermarks in the console of the started distribution. */
class ConsoleSwapIT {
    /** The documented swap line (docs/operations.md); benchmarks parse it. */
    private static final String SWAP_LINE = "swap %s: %s \\(\\S+\\) -> %s \\(\\S+\\); traffic paused \\d+ ms, longest wait \\d+ ms";
    private static final String ASYNC_FLUSH = "io.ballast.flush.async.AsyncFlush";
    private static final String GROUP_COMMIT = "io.ballast.flush.sync.GroupCommitFlush";

    @TempDir
    Path temp;
    private UnpackedDistribution dist;

    @BeforeEach
    void start() throws Exception {
        dist = UnpackedDistribution.unpackOnFreePorts(UnpackedDistribution.tarball(), temp);
        Result start = dist.ballast("start");
        assertEquals(0, start.exitCode(), start.output());
    }

    @AfterEach
    void stop() throws IOException {
        dist.killAll();
    }

    private String console(String command) throws Exception {
        Result console = dist.ballastWithInput(command + "\n", "console");
        assertEquals(0, console.exitCode(), console.output());
        return console.output();
    }

    private static void assertFinds(String regex, String text) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find(), "/" + regex + "/ in:\n" + text);
    }

    @Test
    void swappingFlushFromTheConsoleWritesEtcAndPrintsThePause() throws Exception {
        String swapped = console("ballast:swap flush sync");
        assertFinds(String.format(SWAP_LINE, "flush", Pattern.quote(ASYNC_FLUSH), Pattern.quote(GROUP_COMMIT)), swapped);
        assertFinds("^flush\\s+" + Pattern.quote(GROUP_COMMIT) + "\\s", console("ballast:services"));

        // The console edits etc/ and FileInstall applies the edit, so etc/ and the console agree, and
        // the swap holds: FileInstall's poller never reads the file half-written and undoes it.
        Path cfg = dist.home().resolve("etc/io.ballast.broker.cfg");
        assertFinds("^flushDiskType = SYNC_FLUSH$", Files.readString(cfg));
        assertTrue(swapped.contains("written to " + cfg.toRealPath() + ", which FileInstall applied")
                || swapped.contains("written to " + cfg + ", which FileInstall applied"), swapped);
        Thread.sleep(1_500); // three of FileInstall's polls
        assertFinds("^flush\\s+" + Pattern.quote(GROUP_COMMIT) + "\\s", console("ballast:services"));

        String back = console("ballast:swap flush async");
        assertFinds(String.format(SWAP_LINE, "flush", Pattern.quote(GROUP_COMMIT), Pattern.quote(ASYNC_FLUSH)), back);
        String services = console("ballast:services");
        assertFinds("^LAST SWAPS$", services);
        assertFinds(String.format(SWAP_LINE, "flush", Pattern.quote(GROUP_COMMIT), Pattern.quote(ASYNC_FLUSH)), services);
        assertFinds(String.format(SWAP_LINE, "flush", Pattern.quote(GROUP_COMMIT), Pattern.quote(ASYNC_FLUSH)),
                UnpackedDistribution.log(dist.home()));
    }

    @Test
    void swappingReplicationFromTheConsoleSetsTheBrokerRole() throws Exception {
        String sync = console("ballast:swap replication sync");
        assertFinds("set \\{brokerRole=SYNC_MASTER\\}", sync);
        assertFinds(String.format(SWAP_LINE, "replication", Pattern.quote("io.ballast.ha.strategy.AsyncReplication"),
                Pattern.quote("io.ballast.ha.strategy.SyncReplication")), sync);
        String quorum = console("ballast:swap replication quorum");
        assertFinds(String.format(SWAP_LINE, "replication", Pattern.quote("io.ballast.ha.strategy.SyncReplication"),
                Pattern.quote("io.ballast.ha.strategy.QuorumReplication")), quorum);
        assertFinds("replication already is quorum in the configuration; nothing to do", console("ballast:swap replication quorum"));
        assertFinds(String.format(SWAP_LINE, "replication", Pattern.quote("io.ballast.ha.strategy.QuorumReplication"),
                Pattern.quote("io.ballast.ha.strategy.AsyncReplication")), console("ballast:swap replication async"));
    }

    @Test
    void pinningNamesWhatIsRegisteredAndWrongWordsAreRefused() throws Exception {
        // The console's prompt precedes the first line of a command's output.
        assertFinds("no routing implementation named nonesuch is registered; registered: \\[io\\.ballast\\.",
                console("ballast:swap routing nonesuch"));
        assertFinds("flush is sync or async, not fast$", console("ballast:swap flush fast"));
        assertFinds("unknown service disk; one of store, flush, replication, dedup, routing$", console("ballast:swap disk x"));
        assertFinds("routing follows ranking order again .*\\nrouting already uses io\\.ballast\\.", console("ballast:swap routing auto"));
    }

    @Test
    void watermarksListEachMarkWithItsLag() throws Exception {
        String marks = console("ballast:watermarks");
        for (String mark : new String[] {"written", "flushed", "acknowledged", "replicated", "visible"}) {
            assertFinds("^" + mark + "\\s+(\\d+|-)\\s+(\\d+|-)\\s+\\S", marks);
        }
        assertFinds("^written\\s+\\d+\\s+0\\s+store ", marks);
    }
}

package io.ballast.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real child process ({@code sleep}) stands in for a broker of another product: started through
 * a shell command that backgrounds it and writes its pid file, then killed, paused and resumed by
 * that file alone.
 */
class ScriptedBrokerTest {
    @TempDir
    Path dir;
    private ScriptedBroker broker;

    @AfterEach
    void killWhatRuns() throws Exception {
        if (broker != null) {
            broker.kill9();
        }
    }

    private ScriptedBroker sleeper(String extra) {
        Path pid = dir.resolve("broker.pid");
        // The background sleep keeps the command's stdout: start() must still return.
        broker = new ScriptedBroker("master", pid, "sleep 300 & echo $! > '" + pid + "'" + extra, 10);
        return broker;
    }

    @Test
    void startRunsTheCommandAndTheProcessItNamesRuns() throws Exception {
        ScriptedBroker master = sleeper("");
        assertFalse(master.isRunning());
        assertTrue(master.pid().isEmpty());
        master.start();
        assertTrue(master.isRunning());
        long pid = master.pid().orElseThrow();
        assertEquals(pid, Long.parseLong(Files.readString(dir.resolve("broker.pid")).strip()));
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("sleep"), "the pid file names the sleep");
    }

    @Test
    void kill9EndsTheProcessAndStartBringsUpANewOne() throws Exception {
        ScriptedBroker master = sleeper("");
        master.start();
        long first = master.pid().orElseThrow();
        master.kill9();
        assertFalse(master.isRunning());
        assertFalse(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false));
        master.start();
        assertTrue(master.isRunning());
        assertNotEquals(first, master.pid().orElseThrow());
    }

    @Test
    void pauseStopsTheProcessAndResumeContinuesIt() throws Exception {
        ScriptedBroker master = sleeper("");
        master.start();
        long pid = master.pid().orElseThrow();
        master.pause();
        assertEquals('T', awaitState(pid, 'T'));
        assertTrue(master.isRunning(), "a paused process still runs");
        master.resume();
        assertEquals('S', awaitState(pid, 'S'));
    }

    @Test
    void stopEndsEvenAPausedProcess() throws Exception {
        ScriptedBroker master = sleeper("");
        master.start();
        master.pause();
        master.stop();
        assertFalse(master.isRunning());
    }

    @Test
    void aFailingStartCommandIsAnErrorWithItsOutput() {
        broker = new ScriptedBroker("slave", dir.resolve("none.pid"), "echo no store here >&2; exit 3", 10);
        IOException e = assertThrows(IOException.class, broker::start);
        assertTrue(e.getMessage().contains("exited 3") && e.getMessage().contains("no store here"), e.getMessage());
    }

    @Test
    void aStartCommandThatLeavesNoRunningPidIsAnError() {
        broker = new ScriptedBroker("slave", dir.resolve("none.pid"), "true", 10);
        IOException e = assertThrows(IOException.class, broker::start);
        assertTrue(e.getMessage().contains("names no running process"), e.getMessage());
    }

    @Test
    void aStartCommandThatOverrunsIsKilledWithWhatItStarted() throws Exception {
        Path pid = dir.resolve("late.pid");
        broker = new ScriptedBroker("master", pid, "sleep 300 & echo $! > '" + pid + "'; sleep 300", 2);
        IOException e = assertThrows(IOException.class, broker::start);
        assertTrue(e.getMessage().contains("still ran after 2 s"), e.getMessage());
        long started = Long.parseLong(Files.readString(pid).strip());
        var orphan = ProcessHandle.of(started);
        if (orphan.isPresent()) {
            orphan.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertFalse(broker.isRunning(), "the broker the overrunning command started is killed with it");
    }

    /** The process's state letter from /proc once it is {@code wanted}, polled for at most 5 s. */
    private static char awaitState(long pid, char wanted) throws Exception {
        char state = '?';
        for (int i = 0; i < 50; i++) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            state = stat.charAt(stat.lastIndexOf(')') + 2);
            if (state == wanted) {
                return state;
            }
            Thread.sleep(100);
        }
        return state;
    }
}

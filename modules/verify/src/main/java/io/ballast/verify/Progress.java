package io.ballast.verify;

import java.io.PrintStream;

/**
 * The progress bar on stderr: scenarios done of all, the current one and its phase, and its
 * running counts, redrawn in place twice a second.
 */
final class Progress implements AutoCloseable {
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final int total;
    private final Thread painter;
    private volatile int done;
    private volatile String scenario = "";
    private volatile String phase = "starting";
    private volatile History history;
    private volatile boolean running = true;

    Progress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
        painter = new Thread(this::paintLoop, "verify-progress");
        painter.setDaemon(true);
        painter.start();
    }

    void scenario(int index, String name, History history) {
        this.done = index;
        this.scenario = name;
        this.history = history;
        this.phase = "load";
    }

    void phase(String phase) {
        this.phase = phase;
    }

    private void paintLoop() {
        while (running) {
            paint();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void paint() {
        int filled = total == 0 ? WIDTH : WIDTH * done / total;
        History h = history;
        String counts = h == null ? "" : String.format("  acked %d  received %d", h.ackedCount(), h.receivedCount());
        String line = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + scenario
                + " (" + phase + ")" + counts;
        synchronized (out) {
            out.print("\r" + line + "   ");
            out.flush();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        painter.interrupt();
        painter.join(2_000);
        done = total;
        scenario = "";
        phase = "done";
        history = null;
        paint();
        synchronized (out) {
            out.println();
        }
    }
}

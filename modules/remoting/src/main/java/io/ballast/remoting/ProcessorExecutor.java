package io.ballast.remoting;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads request processors run on, with a bounded queue in front of them. Several request
 * codes may share one executor (upstream groups them the same way: sends, pulls, admin). When the
 * queue is full the server answers SYSTEM_BUSY at once instead of queueing without limit: a client
 * retries a busy answer, but a broker that buffers every request it cannot keep up with runs out
 * of memory. Threads are daemon threads named {@code ballast-<name>-N}.
 *
 * <p>Owned by whoever created it: a server does not close the executors registered with it.
 * Thread-safe.
 */
public final class ProcessorExecutor implements AutoCloseable {

    private final String name;
    private final int queueCapacity;
    private final ThreadPoolExecutor pool;

    private ProcessorExecutor(String name, int threads, int queueCapacity) {
        this.name = name;
        this.queueCapacity = queueCapacity;
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), new NamedDaemonThreads("ballast-" + name),
                new ThreadPoolExecutor.AbortPolicy());
    }

    public static ProcessorExecutor create(String name, int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("executor '" + name + "' needs at least one thread and one queue slot, not "
                    + threads + " and " + queueCapacity);
        }
        return new ProcessorExecutor(name, threads, queueCapacity);
    }

    public String name() {
        return name;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    /** Tasks waiting for a thread, for statistics. */
    public int queueSize() {
        return pool.getQueue().size();
    }

    /**
     * Queues {@code task} without ever blocking the caller (an event loop).
     *
     * @return false when the queue is full or the executor is closed
     */
    boolean tryExecute(Runnable task) {
        try {
            pool.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Refuses new tasks and waits a few seconds for running ones; queued tasks still run. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ProcessorExecutor{" + name + ", queue " + queueSize() + "/" + queueCapacity + "}";
    }
}

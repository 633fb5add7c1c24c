package io.ballast.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ballast.spi.routing.PullContext;
import io.ballast.spi.routing.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite for a {@link RoutingPolicy}. Extend it and build the policy in
 * {@link #newPolicy()}; configure it so it actually moves consumers (for a slave-read policy: enabled,
 * with thresholds small enough for the offsets below), or the suite only sees the default answer.
 *
 * <p>What it checks: the answer goes straight into a pull response, so it must name a broker the
 * consumer can reach — the master (0), the broker serving the pull, or one of {@link #slaveIds()} —
 * for every pull context, including odd ones (a pull offset past the max, negative or extreme
 * offsets, which a broker may pass during recovery or a swap); and the policy never throws, also
 * when called from many pull threads at once.
 */
public abstract class RoutingPolicyContract {

    /** A new, active policy, configured to route. */
    protected abstract RoutingPolicy newPolicy();

    /** The slave ids the policy may suggest, as configured in {@link #newPolicy()}. */
    protected long[] slaveIds() {
        return new long[] {1};
    }

    private static final long[] BROKER_IDS = {0, 1, 2, 7};
    private static final long[] OFFSETS = {0, 1, 4096, 1L << 30, 1L << 40, Long.MAX_VALUE, -1, Long.MIN_VALUE};

    private static List<PullContext> pulls() {
        List<PullContext> pulls = new ArrayList<>();
        for (long brokerId : BROKER_IDS) {
            for (long max : OFFSETS) {
                for (long pull : OFFSETS) {
                    pulls.add(new PullContext(brokerId, max, pull));
                }
            }
        }
        return pulls;
    }

    private String invalid(PullContext pull, long suggested) {
        boolean valid = suggested == 0 || suggested == pull.brokerId() || LongStream.of(slaveIds()).anyMatch(id -> id == suggested);
        return valid ? null : "suggested broker " + suggested + " for " + pull + ": neither the master, the serving broker nor a slave";
    }

    @Test
    void suggestsOnlyReachableBrokersAndNeverThrows() {
        RoutingPolicy policy = newPolicy();
        for (PullContext pull : pulls()) {
            long suggested;
            try {
                suggested = policy.suggestBrokerId(pull);
            } catch (RuntimeException e) {
                throw new AssertionError("threw on " + pull + ": the pull would be answered with an error", e);
            }
            String problem = invalid(pull, suggested);
            if (problem != null) {
                fail(problem);
            }
        }
    }

    @Test
    void staysValidWhenCalledFromManyPullThreads() throws Exception {
        RoutingPolicy policy = newPolicy();
        List<PullContext> pulls = pulls();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(threads.submit(() -> {
                    List<Long> answers = new ArrayList<>();
                    for (int round = 0; round < 50; round++) {
                        answers.clear();
                        for (PullContext pull : pulls) {
                            answers.add(policy.suggestBrokerId(pull));
                        }
                    }
                    return answers;
                }));
            }
            for (Future<List<Long>> run : runs) {
                List<Long> answers = run.get(Bounded.LIMIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(pulls.size(), answers.size());
                for (int i = 0; i < answers.size(); i++) {
                    assertTrue(invalid(pulls.get(i), answers.get(i)) == null, invalid(pulls.get(i), answers.get(i)));
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}

package io.ballast.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs each scenario in turn against one cluster: a fresh topic and consumer group, load, the
 * fault, load after the heal, a final drain, and the checker's verdict. Whatever a fault left
 * behind (a stopped or paused process) is undone before the next scenario.
 */
final class Campaign {
    private final Cluster cluster;
    private final Timings timings;
    private final boolean dedup;
    private final String runId;

    Campaign(Cluster cluster, Timings timings, boolean dedup, String runId) {
        this.cluster = cluster;
        this.timings = timings;
        this.dedup = dedup;
        this.runId = runId;
    }

    List<ScenarioRun> run(List<Fault> faults, Progress progress) throws InterruptedException {
        List<ScenarioRun> runs = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            Optional<String> unavailable = fault.unavailable(cluster);
            if (unavailable.isPresent()) {
                runs.add(new ScenarioRun(fault.name(), fault.proves(), Outcome.skipped(unavailable.get()), List.of(),
                        new Throughput(1000, new long[0], new long[0], new long[0]), 0, ""));
                continue;
            }
            History history = new History();
            progress.scenario(i, fault.name(), history);
            runs.add(runOne(fault, history, progress));
        }
        return runs;
    }

    private ScenarioRun runOne(Fault fault, History history, Progress progress) throws InterruptedException {
        Timeline timeline = new Timeline(history);
        List<String> errors = new ArrayList<>();
        boolean progressAfterFault = false;
        try (Workload workload = new Workload(cluster.nameServerAddress(), runId, fault.name(), timings.producerThreads(), history)) {
            Thread.sleep(timings.warmUp().toMillis());
            progress.phase("fault");
            workload.holdConsuming(fault.consumesAfterFault());
            try {
                fault.inject(cluster, timeline, workload);
            } catch (Exception e) {
                errors.add("the fault could not be injected or healed: " + e);
            } finally {
                if (fault.healsBeforeDrain()) {
                    restore(errors);
                }
            }
            workload.holdConsuming(false);
            long healed = history.now();
            progress.phase("after");
            progressAfterFault = !fault.healsBeforeDrain() || awaitAckAfter(history, healed);
            Thread.sleep(timings.after().toMillis());
            progress.phase("drain");
            workload.stopSending();
            workload.drain(timings.drainQuiet(), timings.drainLimit());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            errors.add("the workload failed: " + e);
        }
        if (!fault.healsBeforeDrain()) {
            restore(errors);
        }
        Outcome checked = Checker.check(history, fault.expectation(dedup, history), progressAfterFault);
        if (!errors.isEmpty()) {
            List<String> reasons = new ArrayList<>(checked.reasons());
            reasons.addAll(errors);
            checked = new Outcome(checked.acked(), checked.notPromised(), checked.failed(), checked.received(), checked.lost(),
                    checked.duplicated(), checked.indeterminate(), checked.unexpected(), checked.orderViolations(),
                    checked.allowedLost(), checked.model(), "FAIL",
                    List.copyOf(reasons), checked.lostKeys(), checked.resent(), checked.resentDuplicated());
        }
        return new ScenarioRun(fault.name(), fault.proves(), checked, timeline.spans(), Throughput.of(history, 1000), history.now(),
                fault.note());
    }

    /** Waits (bounded by the drain limit) for a send acknowledged after {@code healedAt}. */
    private boolean awaitAckAfter(History history, long healedAt) throws InterruptedException {
        long deadline = System.nanoTime() + timings.drainLimit().toNanos();
        while (System.nanoTime() < deadline) {
            if (history.sends().stream().anyMatch(s -> s.atMillis() > healedAt && s.outcome() == History.SendOutcome.ACKED)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Every process we control running and not paused, whatever the fault did. */
    private void restore(List<String> errors) {
        for (Optional<BrokerProcess> node : List.of(cluster.master(), cluster.slave())) {
            if (node.isEmpty()) {
                continue;
            }
            try {
                if (node.get().isRunning()) {
                    node.get().resume();
                } else {
                    node.get().start();
                }
            } catch (Exception e) {
                errors.add("could not bring " + node.get().name() + " back: " + e);
            }
        }
    }
}

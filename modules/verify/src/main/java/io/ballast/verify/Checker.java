package io.ballast.verify;

import io.ballast.verify.History.Receive;
import io.ballast.verify.History.Send;
import io.ballast.verify.History.SendOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a scenario's {@link History} against its {@link Expectation}.
 *
 * <p>A key is a message's identity: every send uses a fresh one, so a key delivered twice is a
 * duplicate (a producer retry or a redelivery), and a key delivered but never sent is unexpected.
 * A send that failed or was not answered SEND_OK may still have been stored: delivering it is
 * "indeterminate", neither a loss nor unexpected. Order is checked per queue on ordered sends, on
 * first deliveries only (a redelivery going back is the at-least-once promise, not disorder), and
 * only among sends that were answered: the sender sends the next message of a key after the answer,
 * so answered sends are stored in order, while a send that timed out (a paused master) may still be
 * in flight and stored after later ones, which no client was promised otherwise.
 */
public final class Checker {
    private static final int LOST_KEYS_SHOWN = 20;

    private Checker() {
    }

    /**
     * @param progressAfterFault whether some send was acknowledged after the fault was healed: a
     *                           cluster that never recovers passes every loss check vacuously
     */
    public static Outcome check(History history, Expectation expected, boolean progressAfterFault) {
        List<Send> sends = history.sends();
        List<Receive> receives = history.receives();

        Map<String, SendOutcome> sent = new HashMap<>();
        long acked = 0;
        long notPromised = 0;
        long failed = 0;
        for (Send send : sends) {
            sent.put(send.key(), send.outcome());
            switch (send.outcome()) {
                case ACKED -> acked++;
                case NOT_PROMISED -> notPromised++;
                case FAILED -> failed++;
            }
        }

        Map<String, Integer> deliveries = new HashMap<>();
        Map<String, Long> highestSequence = new HashMap<>();
        long orderViolations = 0;
        String firstViolation = null;
        for (Receive receive : receives) {
            boolean first = deliveries.merge(receive.key(), 1, Integer::sum) == 1;
            SendOutcome outcome = sent.get(receive.key());
            boolean answered = outcome == SendOutcome.ACKED || outcome == SendOutcome.NOT_PROMISED;
            if (first && answered && receive.orderKey() != null) {
                String stream = receive.queue() + "/" + receive.orderKey();
                Long before = highestSequence.get(stream);
                if (before != null && receive.sequence() < before) {
                    orderViolations++;
                    if (firstViolation == null) {
                        firstViolation = receive.key() + " (sequence " + receive.sequence() + ", " + outcome + ") on queue "
                                + receive.queue() + " after sequence " + before;
                    }
                } else {
                    highestSequence.put(stream, receive.sequence());
                }
            }
        }

        long duplicated = deliveries.values().stream().filter(n -> n > 1).count();
        long indeterminate = 0;
        long unexpected = 0;
        for (String key : deliveries.keySet()) {
            SendOutcome outcome = sent.get(key);
            if (outcome == null) {
                unexpected++;
            } else if (outcome != SendOutcome.ACKED) {
                indeterminate++;
            }
        }
        List<String> lostKeys = new ArrayList<>();
        long lost = 0;
        Set<String> seen = new HashSet<>();
        for (Send send : sends) {
            if (send.outcome() == SendOutcome.ACKED && !deliveries.containsKey(send.key()) && seen.add(send.key())) {
                lost++;
                if (lostKeys.size() < LOST_KEYS_SHOWN) {
                    lostKeys.add(send.key() + " (" + send.queue() + "@" + send.queueOffset() + ", " + send.msgId() + ")");
                }
            }
        }

        long resentDuplicated = expected.resentKeys().stream().filter(k -> deliveries.getOrDefault(k, 0) > 1).count();
        List<String> reasons = new ArrayList<>();
        if (resentDuplicated > 0) {
            reasons.add(resentDuplicated + " of " + expected.resentKeys().size()
                    + " message(s) resent with their UNIQ_KEY while the dedup plugin was on were delivered twice");
        }
        if (lost > expected.lostAllowed()) {
            reasons.add(lost + " acknowledged message(s) lost; the model allows " + expected.lostAllowed()
                    + " (" + expected.why() + ")");
        }
        if (duplicated > 0 && !expected.duplicatesAllowed()) {
            reasons.add(duplicated + " duplicate(s) with the dedup plugin on");
        }
        if (unexpected > 0) {
            reasons.add(unexpected + " message(s) received that were never sent");
        }
        if (orderViolations > 0) {
            reasons.add(orderViolations + " per-queue order violation(s) on answered ordered sends; the first: " + firstViolation);
        }
        if (acked == 0) {
            reasons.add("no send was acknowledged at all");
        } else if (!progressAfterFault) {
            reasons.add("no send was acknowledged after the fault was healed");
        }
        return new Outcome(acked, notPromised, failed, receives.size(), lost, duplicated, indeterminate, unexpected,
                orderViolations, expected.lostAllowed(), expected.why(), reasons.isEmpty() ? "PASS" : "FAIL", List.copyOf(reasons), List.copyOf(lostKeys),
                expected.resentKeys().size(), resentDuplicated);
    }
}

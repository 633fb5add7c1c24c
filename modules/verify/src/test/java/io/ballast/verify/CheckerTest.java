package io.ballast.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.verify.History.Receive;
import io.ballast.verify.History.Send;
import io.ballast.verify.History.SendOutcome;
import org.junit.jupiter.api.Test;

class CheckerTest {
    private final History history = new History();

    private void acked(String key) {
        history.sent(new Send(0, key, "id-" + key, "b:0", 0, SendOutcome.ACKED, "SEND_OK", null, -1));
    }

    private void ackedOrdered(String key, String orderKey, long sequence) {
        history.sent(new Send(0, key, "id-" + key, "b:1", 0, SendOutcome.ACKED, "SEND_OK", orderKey, sequence));
    }

    private void received(String key) {
        history.received(new Receive(0, key, "b:0", 0, null, -1));
    }

    private void receivedOrdered(String key, String orderKey, long sequence) {
        history.received(new Receive(0, key, "b:1", 0, orderKey, sequence));
    }

    @Test
    void everyAcknowledgedMessageReceivedOncePasses() {
        acked("a");
        acked("b");
        received("a");
        received("b");
        Outcome outcome = Checker.check(history, Expectation.nothingLost(false), true);
        assertEquals("PASS", outcome.result());
        assertEquals(2, outcome.acked());
        assertEquals(0, outcome.lost());
    }

    @Test
    void anAcknowledgedMessageNeverReceivedIsLostAndFails() {
        acked("a");
        acked("b");
        received("a");
        Outcome outcome = Checker.check(history, Expectation.nothingLost(false), true);
        assertEquals(1, outcome.lost());
        assertEquals("FAIL", outcome.result());
        assertTrue(outcome.lostKeys().get(0).startsWith("b "), outcome.lostKeys().toString());
    }

    @Test
    void duplicatesAreCountedAndFailOnlyWithDedupOn() {
        acked("a");
        received("a");
        received("a");
        assertEquals(1, Checker.check(history, Expectation.nothingLost(false), true).duplicated());
        assertEquals("PASS", Checker.check(history, Expectation.nothingLost(false), true).result());
        assertEquals("FAIL", Checker.check(history, Expectation.nothingLost(true), true).result());
    }

    @Test
    void aFailedSendThatArrivesIsIndeterminateNotUnexpectedAndAMessageNeverSentIsUnexpected() {
        acked("a");
        history.sent(new Send(0, "t", null, "?", -1, SendOutcome.FAILED, "RemotingTimeoutException", null, -1));
        history.sent(new Send(0, "f", "id-f", "b:0", 1, SendOutcome.NOT_PROMISED, "FLUSH_SLAVE_TIMEOUT", null, -1));
        received("a");
        received("t");
        received("f");
        Outcome outcome = Checker.check(history, Expectation.nothingLost(false), true);
        assertEquals(2, outcome.indeterminate());
        assertEquals(0, outcome.unexpected());
        assertEquals(0, outcome.lost(), "a failed send that never arrives is not lost");
        assertEquals("PASS", outcome.result());

        received("ghost");
        Outcome withGhost = Checker.check(history, Expectation.nothingLost(false), true);
        assertEquals(1, withGhost.unexpected());
        assertEquals("FAIL", withGhost.result());
    }

    @Test
    void anOrderedSendFirstDeliveredAfterALaterOneOfItsKeyIsAnOrderViolation() {
        ackedOrdered("o1", "k", 1);
        ackedOrdered("o2", "k", 2);
        ackedOrdered("o3", "k", 3);
        receivedOrdered("o1", "k", 1);
        receivedOrdered("o3", "k", 3);
        receivedOrdered("o2", "k", 2);
        Outcome outcome = Checker.check(history, Expectation.nothingLost(false), true);
        assertEquals(1, outcome.orderViolations());
        assertEquals("FAIL", outcome.result());
    }

    @Test
    void aTimedOutOrderedSendStoredAfterLaterOnesIsIndeterminateNotAnOrderViolation() {
        ackedOrdered("o1", "k", 1);
        history.sent(new Send(0, "o2", null, null, -1, SendOutcome.FAILED, "RemotingTooMuchRequestException", "k", 2));
        ackedOrdered("o3", "k", 3);
        receivedOrdered("o1", "k", 1);
        receivedOrdered("o3", "k", 3);
        receivedOrdered("o2", "k", 2); // the timed-out request, processed once the master resumed
        Outcome outcome = Checker.check(history, Expectation.nothingLost(false), true);
        assertEquals(0, outcome.orderViolations());
        assertEquals(1, outcome.indeterminate());
        assertEquals("PASS", outcome.result());
    }

    @Test
    void aRedeliveryGoingBackIsADuplicateNotAnOrderViolation() {
        ackedOrdered("o1", "k", 1);
        ackedOrdered("o2", "k", 2);
        receivedOrdered("o1", "k", 1);
        receivedOrdered("o2", "k", 2);
        receivedOrdered("o1", "k", 1);
        receivedOrdered("o2", "k", 2);
        Outcome outcome = Checker.check(history, Expectation.nothingLost(false), true);
        assertEquals(0, outcome.orderViolations());
        assertEquals(2, outcome.duplicated());
        assertEquals("PASS", outcome.result());
    }

    @Test
    void noAcknowledgementAfterTheFaultHealedFails() {
        acked("a");
        received("a");
        Outcome outcome = Checker.check(history, Expectation.nothingLost(false), false);
        assertEquals("FAIL", outcome.result());
        assertTrue(outcome.reasons().get(0).contains("after the fault"), outcome.reasons().toString());
    }

    @Test
    void lossWithinTheModelsBoundPassesAndBeyondItFails() {
        for (String key : new String[] {"a", "b", "c", "d"}) {
            acked(key);
        }
        received("a");
        received("b");
        Expectation lagOfTwo = new Expectation(2, true, "ASYNC_MASTER, master lost");
        Outcome within = Checker.check(history, lagOfTwo, true);
        assertEquals(2, within.lost());
        assertEquals(2, within.allowedLost());
        assertEquals("PASS", within.result());
        assertEquals("FAIL", Checker.check(history, new Expectation(1, true, "ASYNC_MASTER, master lost"), true).result());
    }

    @Test
    void aMessageResentWithItsUniqKeyUnderDedupFailsWhenDeliveredTwiceEvenWhereDuplicatesAreAllowed() {
        acked("a");
        acked("b");
        received("a");
        received("a");
        received("b");
        received("b");
        Expectation resentA = Expectation.nothingLost(false).noDuplicateOf(java.util.Set.of("a"));
        Outcome outcome = Checker.check(history, resentA, true);
        assertEquals(1, outcome.resent());
        assertEquals(1, outcome.resentDuplicated());
        assertEquals("FAIL", outcome.result());
        assertTrue(outcome.reasons().get(0).contains("resent with their UNIQ_KEY"), outcome.reasons().toString());
        assertEquals("PASS", Checker.check(history, Expectation.nothingLost(false).noDuplicateOf(java.util.Set.of("c")), true).result(),
                "b's redelivery is allowed: it was not resent");
    }
}

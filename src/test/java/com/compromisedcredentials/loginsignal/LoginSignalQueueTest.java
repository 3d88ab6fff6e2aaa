package com.compromisedcredentials.loginsignal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoginSignalQueueTest {

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        LoginSignalQueue queue = new LoginSignalQueue(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(queue.offer(new LoginObservation("r", false, "192.0.2." + i, "u" + i, null, i)));
        }
        assertFalse(queue.offer(new LoginObservation("r", false, "192.0.2.9", "u9", null, 9)));
        assertEquals(4, queue.seen());
        assertEquals(1, queue.dropped());
        assertEquals(3, queue.capacity());
        assertEquals(2, queue.drain(2).size());
        assertEquals(1, queue.size());
        assertEquals(1, queue.drain(100).size());
        queue.lost(5);
        assertEquals(6, queue.dropped());
    }
}

package com.compromisedcredentials.loginsignal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's queue of logins waiting to be counted: bounded, never blocking. A login that finds it full is dropped
 * and counted, so that a flood costs the request thread one failed {@code offer} and no memory.
 */
public final class LoginSignalQueue {

    private final ArrayBlockingQueue<LoginObservation> queue;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public LoginSignalQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
    }

    /** Queues a login; false (and counted as dropped) when the queue is full. */
    public boolean offer(LoginObservation observation) {
        seen.incrementAndGet();
        if (queue.offer(observation)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Takes up to {@code max} waiting logins, oldest first. */
    public List<LoginObservation> drain(int max) {
        List<LoginObservation> out = new ArrayList<>(Math.min(max, queue.size()));
        queue.drainTo(out, max);
        return out;
    }

    /** Counts logins that were taken from the queue but could not be stored. */
    public void lost(int count) {
        dropped.addAndGet(count);
    }

    /** Logins offered since start-up. */
    public long seen() {
        return seen.get();
    }

    /** Logins dropped since start-up: the queue was full, or a flush failed. */
    public long dropped() {
        return dropped.get();
    }

    public int size() {
        return queue.size();
    }

    public int capacity() {
        return queue.size() + queue.remainingCapacity();
    }
}

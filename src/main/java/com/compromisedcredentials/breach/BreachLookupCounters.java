package com.compromisedcredentials.breach;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many breach checks were made since start-up and how they ended, lookup failures by reason; for
 * metrics and the dashboard. Per server node, in memory; thread-safe and cheap to update.
 */
public final class BreachLookupCounters {

    private final LongAdder breached = new LongAdder();
    private final LongAdder notBreached = new LongAdder();
    private final Map<BreachLookupException.Reason, LongAdder> failures = new EnumMap<>(BreachLookupException.Reason.class);

    public BreachLookupCounters() {
        for (BreachLookupException.Reason reason : BreachLookupException.Reason.values()) {
            failures.put(reason, new LongAdder());
        }
    }

    void record(BreachResult result) {
        switch (result.status()) {
            case BREACHED -> breached.increment();
            case NOT_BREACHED -> notBreached.increment();
            case UNKNOWN -> failures.get(result.failure()).increment();
            case NOT_CHECKED -> {
                // nothing was looked up
            }
        }
    }

    public long breached() {
        return breached.sum();
    }

    public long notBreached() {
        return notBreached.sum();
    }

    /** Lookups that could not answer, all reasons. */
    public long failures() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long failures(BreachLookupException.Reason reason) {
        return failures.get(reason).sum();
    }

    /** Every counter by name ({@code breached}, {@code notBreached}, {@code failure.TIMEOUT}, ...), in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> all = new LinkedHashMap<>();
        all.put("breached", breached());
        all.put("notBreached", notBreached());
        failures.forEach((reason, count) -> all.put("failure." + reason.name(), count.sum()));
        return all;
    }
}

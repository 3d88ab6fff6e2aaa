package com.compromisedcredentials.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for work that can wait while users log in (the email dispatcher and its senders): named, daemon, and at
 * Java's lowest priority. HotSpot passes that priority on to Linux only when the JVM starts with
 * {@code -XX:ThreadPriorityPolicy=1}; with {@code -XX:JavaPriority1_To_OSPriority=19} as well, these threads run at
 * the OS's lowest priority (nice 19): a burst of emails then takes the CPU time the request threads leave, and gives it
 * back the moment a login needs it. Without the options the priority is a no-op and the senders compete with logins
 * as equals ({@link #niceOfCurrentThread()} lets the dispatcher say so at start-up).
 */
final class BackgroundThreads implements ThreadFactory {

    /** What an admin adds to {@code JAVA_OPTS_APPEND} so that the OS honours the background threads' priority. */
    static final String JVM_OPTIONS = "-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19";

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    BackgroundThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY); // applied to the OS thread when it starts
        return thread;
    }

    /** The calling thread's nice value (Linux: /proc/thread-self/stat); empty where there is no such file. */
    static OptionalInt niceOfCurrentThread() {
        return niceIn(Path.of("/proc/thread-self/stat"));
    }

    /** The process's nice value as its main thread has it (Linux: /proc/self/stat); empty elsewhere. */
    static OptionalInt niceOfProcess() {
        return niceIn(Path.of("/proc/self/stat"));
    }

    private static OptionalInt niceIn(Path stat) {
        try {
            return nice(Files.readString(stat));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty(); // not Linux, or /proc not mounted
        }
    }

    /**
     * The nice value in a line of {@code /proc/.../stat} (proc(5): field 19). The thread's name, in parentheses, may
     * itself hold spaces and parentheses, so the fields are counted from the last ')'.
     */
    static OptionalInt nice(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0 || end + 2 > stat.length()) {
            return OptionalInt.empty();
        }
        String[] fields = stat.substring(end + 2).trim().split(" ");
        // fields[0] is field 3 (state): field 19 (nice) is fields[16]
        if (fields.length <= 16) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(fields[16]));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}

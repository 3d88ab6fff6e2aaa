package com.compromisedcredentials.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class BackgroundThreadsTest {

    @Test
    void threadsAreNamedDaemonsAtTheLowestPriority() throws Exception {
        BackgroundThreads factory = new BackgroundThreads("sender");
        AtomicReference<String> ranOn = new AtomicReference<>();
        Thread first = factory.newThread(() -> ranOn.set(Thread.currentThread().getName()));
        Thread second = factory.newThread(() -> { });
        first.start();
        first.join();
        assertEquals("sender-1", ranOn.get());
        assertEquals("sender-2", second.getName());
        assertTrue(first.isDaemon() && second.isDaemon());
        assertEquals(Thread.MIN_PRIORITY, second.getPriority());
    }

    @Test
    void readsTheNiceValueAfterTheLastParenthesis() {
        // proc(5): pid (comm) state ppid ... priority nice ...; a thread's name may hold spaces and ')'
        String stat = "5042 (email) sender-1) S 5038 5038 4210 0 -1 4194304 101 0 0 0 7 3 0 0 39 19 1 0 26385 3133440 386";
        assertEquals(OptionalInt.of(19), BackgroundThreads.nice(stat));
        assertEquals(OptionalInt.of(-5), BackgroundThreads.nice(stat.replace(" 39 19 ", " 15 -5 ")));
    }

    @Test
    void anUnreadableLineHasNoNiceValue() {
        assertEquals(OptionalInt.empty(), BackgroundThreads.nice(""));
        assertEquals(OptionalInt.empty(), BackgroundThreads.nice("5042 (cat) R 5038"));
        assertEquals(OptionalInt.empty(), BackgroundThreads.nice("5042 (cat) R 5038 5038 4210 0 -1 4194304 101 0 0 0 0 0 0 0 20 x 1"));
    }

    /**
     * The promise the server options page makes: with the documented JVM options, the OS runs these threads at its
     * lowest priority, the JVM's other threads where they were. Checked in a JVM of its own started with them (Linux).
     */
    @Test
    void withTheDocumentedJvmOptionsTheOsRunsTheThreadsAtItsLowestPriority() throws Exception {
        assertTrue(System.getProperty("os.name").startsWith("Linux"), "these threads' OS priority is a Linux matter");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        command.addAll(List.of(BackgroundThreads.JVM_OPTIONS.split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, probe.waitFor(), output);
        assertEquals("process nice 0, background thread nice 19", output.lines().reduce((a, b) -> b).orElse(""), output);
    }

    /** Run in a JVM of its own: prints the process's nice value and a background thread's. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            AtomicReference<OptionalInt> nice = new AtomicReference<>();
            Thread thread = new BackgroundThreads("probe").newThread(() -> nice.set(BackgroundThreads.niceOfCurrentThread()));
            thread.start();
            thread.join();
            System.out.println("process nice " + BackgroundThreads.niceOfProcess().orElse(-100) + ", background thread nice "
                    + nice.get().orElse(-100));
        }
    }
}

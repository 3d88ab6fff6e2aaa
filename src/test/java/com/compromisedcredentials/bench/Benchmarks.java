package com.compromisedcredentials.bench;

/**
 * What every benchmark's {@code main} does: run, print what failed, and end the JVM with 0 or 1 — the test
 * harness's stand-in HTTP servers (the HIBP range API, address lists) keep non-daemon threads that would otherwise
 * keep it, and the Maven build that started it, waiting forever.
 */
final class Benchmarks {

    interface Body {
        void run(String[] args) throws Exception;
    }

    private Benchmarks() {
    }

    static void main(String[] args, Body body) {
        int status = 0;
        try {
            body.run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }
}

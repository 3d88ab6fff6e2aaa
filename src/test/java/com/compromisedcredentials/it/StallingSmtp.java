package com.compromisedcredentials.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server on 127.0.0.1 that takes a message and then holds its answer to the end of the message until
 * {@link #release()}: the sender is caught in the middle of sending, so that a test can act meanwhile.
 * After the release it accepts everything at once.
 */
final class StallingSmtp implements AutoCloseable {

    private final ServerSocket server;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    StallingSmtp() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("Could not open the stalling SMTP server", e);
        }
        acceptor = new Thread(this::acceptAll, "stalling-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits until a sender has sent a whole message and waits for its answer. */
    void awaitHeld() throws InterruptedException {
        if (!held.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("No message reached the stalling SMTP server within 60 s");
        }
    }

    void release() {
        released.countDown();
    }

    /** Messages answered with 250 so far. */
    int accepted() {
        return accepted.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread conversation = new Thread(() -> converse(socket), "stalling-smtp-conversation");
                conversation.setDaemon(true);
                conversation.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void converse(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream()) {
            reply(out, "220 stalling.test ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 stalling.test");
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // the message itself is not kept
                        }
                        held.countDown();
                        if (!released.await(120, TimeUnit.SECONDS)) {
                            return;
                        }
                        accepted.incrementAndGet();
                        reply(out, "250 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException | InterruptedException e) {
            // the sender went away
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        release();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

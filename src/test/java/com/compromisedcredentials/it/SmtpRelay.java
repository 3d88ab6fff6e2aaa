package com.compromisedcredentials.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP relay on 127.0.0.1 in front of a {@link Mailbox}'s GreenMail: passes each conversation through line by line
 * (the mail API waits for each reply before its next command), and answers some commands itself, as a real server
 * would: {@code 550} to a refused recipient's {@code RCPT TO}, {@code 451} to the {@code MAIL FROM} of the next
 * messages put off. It counts the connections made to it and how many were open at once, and can hang up on every open
 * connection, as a server does with idle ones.
 */
public final class SmtpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> recipientAttempts = new ConcurrentHashMap<>();
    private final AtomicInteger toPutOff = new AtomicInteger();
    private final AtomicInteger putOff = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch release;
    private final Semaphore held = new Semaphore(0);

    private SmtpRelay(ServerSocket server, int target) {
        this.server = server;
        this.target = target;
    }

    static SmtpRelay start(int port, int target) {
        try {
            SmtpRelay relay = new SmtpRelay(new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1")), target);
            Thread acceptor = new Thread(relay::acceptAll, "smtp-relay");
            acceptor.setDaemon(true);
            acceptor.start();
            return relay;
        } catch (IOException e) {
            throw new AssertionError("Could not open the SMTP relay", e);
        }
    }

    /** {@code RCPT TO} this address is answered {@code 550 5.1.1}, for good. */
    public void refuse(String address) {
        refused.add(address.toLowerCase(Locale.ROOT));
    }

    /** The next {@code messages} messages are put off: their {@code MAIL FROM} is answered {@code 451 4.3.0}. */
    public void putOff(int messages) {
        toPutOff.set(messages);
    }

    /** Messages put off so far. */
    public int putOffSoFar() {
        return putOff.get();
    }

    /** {@code RCPT TO} commands for this address so far (each attempt to send to it). */
    public int recipientAttempts(String address) {
        AtomicInteger count = recipientAttempts.get(address.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.get();
    }

    /**
     * From now on, each message's end of data ("." after DATA) is held back, so its sender waits for the reply in the
     * middle of a send, until {@link #release()}.
     */
    public void hold() {
        release = new CountDownLatch(1);
    }

    /** Waits until a message is held; fails the test if none is within the timeout. */
    public void awaitHeld(Duration timeout) throws InterruptedException {
        if (!held.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no message reached the end of its data within " + timeout);
        }
    }

    /** Lets the held messages, and every later one, through. */
    public void release() {
        CountDownLatch holding = release;
        release = null;
        if (holding != null) {
            holding.countDown();
        }
    }

    /** Connections made to the relay so far. */
    public int connections() {
        return connections.get();
    }

    /** The most connections that were open at the same time. */
    public int mostOpenAtOnce() {
        return mostOpen.get();
    }

    /** Hangs up on every open connection, without a word (as a server does with idle connections). */
    public void hangUp() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        hangUp();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                Thread conversation = new Thread(() -> relay(client), "smtp-relay-conversation");
                conversation.setDaemon(true);
                conversation.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        sockets.add(client);
        try (client; Socket backend = new Socket(InetAddress.getByName("127.0.0.1"), target)) {
            sockets.add(backend);
            OutputStream toClient = client.getOutputStream();
            OutputStream toBackend = backend.getOutputStream();
            Thread replies = new Thread(() -> pump(backend, toClient, client), "smtp-relay-replies");
            replies.setDaemon(true);
            replies.start();
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            boolean data = false;
            byte[] line;
            while ((line = readLine(fromClient)) != null) {
                String text = new String(line, StandardCharsets.UTF_8).trim();
                if (data) {
                    CountDownLatch holding = release;
                    if (text.equals(".") && holding != null) {
                        held.release();
                        try {
                            holding.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    toBackend.write(line);
                    data = !text.equals(".");
                    continue;
                }
                String command = text.toUpperCase(Locale.ROOT);
                if (command.startsWith("MAIL FROM") && toPutOff.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    putOff.incrementAndGet();
                    reply(toClient, "451 4.3.0 Mailbox busy, try again later");
                    continue;
                }
                if (command.startsWith("RCPT TO")) {
                    String address = text.substring(text.indexOf(':') + 1).replaceAll("[<>\\s]", "").toLowerCase(Locale.ROOT);
                    recipientAttempts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                    if (refused.contains(address)) {
                        reply(toClient, "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown in local recipient table");
                        continue;
                    }
                }
                data = command.equals("DATA");
                toBackend.write(line);
                toBackend.flush();
            }
        } catch (IOException e) {
            // either side hung up
        } finally {
            sockets.removeIf(Socket::isClosed);
            sockets.remove(client);
            open.decrementAndGet();
        }
    }

    private static void pump(Socket backend, OutputStream toClient, Socket client) {
        byte[] buffer = new byte[8192];
        try (InputStream in = backend.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (toClient) {
                    toClient.write(buffer, 0, n);
                    toClient.flush();
                }
            }
        } catch (IOException e) {
            // either side hung up
        } finally {
            closeQuietly(client); // the server ended the conversation
        }
    }

    private static void reply(OutputStream toClient, String line) throws IOException {
        synchronized (toClient) {
            toClient.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            toClient.flush();
        }
    }

    /** One line with its line end, as sent; null at the end of the stream. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}

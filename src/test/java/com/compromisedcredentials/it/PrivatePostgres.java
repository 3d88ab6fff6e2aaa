package com.compromisedcredentials.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, on a free port of 127.0.0.1, made with the machine's {@code initdb} and run
 * with {@code pg_ctl}, so that a test can stop and restart it without disturbing the shared server. Its binaries come
 * from {@code -Dit.postgres.bin}, else the newest {@code /usr/lib/postgresql/<version>/bin}. PostgreSQL refuses to
 * run as root: under root the server runs as the {@code postgres} account (through {@code runuser}). Its files live
 * in a temporary folder of their own (under {@code java.io.tmpdir}, owned by the account that runs the server), never
 * under the checkout, which that account may not be able to enter; {@link #close()} copies the server's log into
 * the test's folder and removes the temporary one.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final Path logDir;
    private final int port;
    private final boolean asPostgresAccount;
    private boolean closed;

    private PrivatePostgres(Path bin, Path dir, Path logDir, int port, boolean asPostgresAccount) {
        this.bin = bin;
        this.dir = dir;
        this.logDir = logDir;
        this.port = port;
        this.asPostgresAccount = asPostgresAccount;
    }

    /**
     * Creates a fresh cluster in a new temporary folder and starts it; {@link #close()} leaves its log as
     * {@code postgres.log} in {@code logDir}.
     */
    public static PrivatePostgres start(Path logDir) {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        PrivatePostgres postgres;
        try {
            Path dir = Files.createTempDirectory("cc-postgres-").toAbsolutePath();
            if (root) {
                run(List.of("chown", "postgres:", dir.toString()), null);
            }
            postgres = new PrivatePostgres(bin, dir, logDir.toAbsolutePath(), freePort(), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            postgres.pg(List.of(bin.resolve("initdb").toString(), "-D", postgres.data().toString(), "-U", "postgres", "-A", "trust",
                    "--no-sync", "-E", "UTF8"));
            postgres.startServer();
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        System.out.printf("[keycloak-it] private PostgreSQL at 127.0.0.1:%d (%s)%n", postgres.port, postgres.dir);
        return postgres;
    }

    /** The JDBC URL of its maintenance database. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** A fast shutdown: open connections are terminated, as in a restart or a failover. Waits until it is down. */
    public void stop() {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop"));
    }

    /** Starts it again after {@link #stop()}; waits until it accepts connections. */
    public void startServer() {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", dir.resolve("postgres.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
                "-w", "-t", "60", "start"));
    }

    /** Stops the server, copies its log into the test's folder and removes its temporary folder. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w", "stop"));
        } catch (IllegalStateException alreadyDown) {
            // stopped by the test, or never started
        }
        try {
            Path log = dir.resolve("postgres.log");
            if (Files.exists(log)) {
                Files.createDirectories(logDir);
                Files.copy(log, logDir.resolve("postgres.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.out.printf("[keycloak-it] could not keep the private PostgreSQL's log: %s%n", e);
        }
        run(List.of("rm", "-rf", dir.toString()), null);
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void pg(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresAccount) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        // in its own folder: the account running the server may not be able to enter the current one (the checkout)
        run(full, dir.toFile());
    }

    private static void run(List<String> command, File workingDirectory) {
        try {
            Process process = new ProcessBuilder(command).directory(workingDirectory).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Failed: " + String.join(" ", command) + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path binaries() {
        String configured = System.getProperty("it.postgres.bin", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("No initdb under /usr/lib/postgresql/*/bin: install the PostgreSQL "
                            + "server package or give its bin folder with -Dit.postgres.bin"));
        } catch (IOException e) {
            throw new IllegalStateException("No PostgreSQL binaries in /usr/lib/postgresql (install the PostgreSQL server package "
                    + "or give its bin folder with -Dit.postgres.bin)", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package com.compromisedcredentials.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real Keycloak distribution, with the freshly built extension jar in {@code providers/}: copied from
 * the unpacked distribution, built with {@code kc.sh build}, started with {@code start --optimized} on free
 * loopback ports. Database: {@code -Dit.db=h2} (embedded dev-file), {@code postgres} or {@code mariadb} (a fresh
 * database on the configured server, dropped when the server stops). Anything missing fails the run loudly.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-it-password";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    // Server options that tests set on a server of their own ({@link #startWith}), each named once here.
    /** The email outbox's attempts per email; an integer follows. */
    /** The length of a "day" of the admin digest on test servers, so that a daily digest comes within a test. */
    public static final int DIGEST_DAY_SECONDS = 20;
    public static final String EMAIL_CLAIM_SECONDS = "--spi-compromised-credentials-email--default--claim-seconds=";
    /** Threads sending the outbox's emails on a node; an integer follows. */
    public static final String EMAIL_SENDERS = "--spi-compromised-credentials-email--default--senders=";
    /** How many emails a kept SMTP connection carries; an integer follows (1: a new connection for each email). */
    public static final String EMAILS_PER_CONNECTION = "--spi-compromised-credentials-email--default--emails-per-connection=";
    public static final String OUTBOX_MAX_ATTEMPTS = "--spi-compromised-credentials-email--default--max-attempts=";
    /** The same option under the name 1.0.0 gave it, still read when the current one is not set; an integer follows. */
    public static final String OUTBOX_MAX_ATTEMPTS_AS_IN_1_0_0 = "--spi-events-listener--compromised-credentials--outbox-max-attempts=";
    /** Whether the extension registers itself in every realm; a boolean follows. */
    public static final String AUTO_REGISTER = "--spi-events-listener--compromised-credentials--auto-register=";
    /** The log levels: the tests' usual ones plus every SQL statement Hibernate sends (category org.hibernate.SQL). */
    public static final String LOG_SQL_STATEMENTS = "--log-level=INFO,com.compromisedcredentials:DEBUG,org.hibernate.SQL:DEBUG";
    private static final String LOG_LEVEL = "--log-level=INFO,com.compromisedcredentials:DEBUG";

    private final String db;
    private final Path home;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    private final String postgresServer;
    private final String postgresDatabase;
    private final boolean ownsDatabase;
    private final List<String> nodeArgs;
    private Process process;

    private KeycloakServer(String db, Path home, Path log, int httpPort, int managementPort, String postgresServer,
            String postgresDatabase, boolean ownsDatabase, List<String> nodeArgs) {
        this.db = db;
        this.home = home;
        this.log = log;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.postgresServer = postgresServer;
        this.postgresDatabase = postgresDatabase;
        this.ownsDatabase = ownsDatabase;
        this.nodeArgs = nodeArgs;
    }

    /**
     * Nodes of one Keycloak cluster on 127.0.0.1 sharing a fresh PostgreSQL database (Keycloak's default
     * jdbc-ping discovery), started one after the other: both starting on an empty database at once would
     * race on Liquibase. The first node owns the database and drops it when it stops.
     */
    public static List<KeycloakServer> startCluster(int nodes) {
        return startCluster(nodes, List.of());
    }

    /** {@link #startCluster(int)}, each node started with {@code options} (the constants above) too. */
    public static List<KeycloakServer> startCluster(int nodes, List<String> options) {
        Path dist = Path.of(required("keycloak.dist"));
        Path jar = Path.of(required("extension.jar"));
        Path root = Path.of(System.getProperty("it.workdir", "target/it")).resolve("cluster");
        String database = createPostgresDatabase(postgresUrl());
        List<KeycloakServer> cluster = new ArrayList<>();
        try {
            for (int i = 1; i <= nodes; i++) {
                Path workdir = root.resolve("node" + i);
                Path home = prepareBuilt("postgres", dist, jar, workdir);
                List<String> nodeArgs = new ArrayList<>(List.of("--cache-embedded-network-bind-address=127.0.0.1",
                        "--cache-embedded-network-bind-port=" + freePort(),
                        // a killed node's outbox round lock lets the other node start one after 15 s instead of 60
                        EMAIL_CLAIM_SECONDS + "15"));
                nodeArgs.addAll(options);
                KeycloakServer node = new KeycloakServer("postgres", home, workdir.resolve("keycloak.log"), freePort(), freePort(),
                        postgresUrl(), database, i == 1, nodeArgs);
                cluster.add(node);
                node.launch();
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.forEach(KeycloakServer::close);
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }

    /** Built distributions of this JVM (one per database, distribution and jar or none), copied for each server. */
    private static final Map<String, Path> BUILT = new HashMap<>();

    /**
     * A Keycloak home for a server in {@code workdir}: a copy of the distribution with {@code jar} (or none) in
     * {@code providers/}, built for {@code db} with {@code kc.sh build}. The build depends on nothing else (every
     * other option is a runtime one), so it is made once per test JVM and copied, instead of built for each server.
     */
    private static Path prepareBuilt(String db, Path dist, Path jar, Path workdir) throws IOException {
        Path built = built(db, dist, jar);
        Path home = workdir.resolve("keycloak");
        deleteRecursively(workdir);
        Files.createDirectories(workdir);
        run(List.of("cp", "-a", built.toString(), home.toString()), workdir.resolve("copy.log"), Duration.ofMinutes(2));
        return home;
    }

    private static synchronized Path built(String db, Path dist, Path jar) throws IOException {
        String key = db + "-" + dist.getFileName() + "-" + (jar == null ? "without-extension" : "with-extension");
        Path known = BUILT.get(key);
        if (known != null) {
            return known;
        }
        // made afresh by each JVM: an earlier run's copy may hold an older jar
        Path workdir = Path.of(System.getProperty("it.workdir", "target/it")).resolve("built").resolve(key);
        Path home = workdir.resolve("keycloak");
        deleteRecursively(workdir);
        Files.createDirectories(workdir);
        run(List.of("cp", "-a", dist.toString(), home.toString()), workdir.resolve("copy.log"), Duration.ofMinutes(2));
        if (jar != null) {
            Files.copy(jar, home.resolve("providers").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        build(db, home, workdir.resolve("build.log"));
        BUILT.put(key, home);
        return home;
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the server again on the same ports and database, after {@link #kill()} or {@link #close()}. */
    public void restart() {
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KeycloakServer start() {
        String db = System.getProperty("it.db", "h2");
        return start(db, db, switch (db) {
            case "postgres" -> postgresUrl();
            case "mariadb" -> mariadbUrl();
            default -> null;
        });
    }

    /**
     * A server on a PostgreSQL of the test's own, given by the JDBC URL of its maintenance database (tests that stop
     * and start the database server), in {@code it.workdir}/{@code name}.
     */
    public static KeycloakServer startOnPostgres(String postgresServer, String name) {
        return start("postgres", name, postgresServer);
    }

    /**
     * A server on a fresh database of the PostgreSQL of {@code it.postgres.url} whose tables live in {@code schema}
     * ({@code --db-schema}), a schema created empty beforehand, in {@code it.workdir}/{@code name}.
     */
    public static KeycloakServer startOnPostgresSchema(String name, String schema) {
        return start("postgres", name, postgresUrl(), schema, List.of());
    }

    /** A fresh, empty database on the PostgreSQL of {@code it.postgres.url}, for a test that fills it before a server starts. */
    public static String newPostgresDatabase() {
        return createPostgresDatabase(postgresUrl());
    }

    /** The JDBC URL of a database of the PostgreSQL of {@code it.postgres.url}. */
    public static String postgresJdbcUrl(String database) {
        return postgresUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
    }

    /**
     * A server in {@code it.workdir}/{@code name} on an existing database of the PostgreSQL of {@code it.postgres.url},
     * with {@code jar} in {@code providers/} or, when it is null, plain Keycloak without the extension. The database is
     * dropped when the server stops only if {@code ownsDatabase}.
     */
    public static KeycloakServer startOnExistingPostgres(String name, String database, Path jar, boolean ownsDatabase) {
        Path dist = Path.of(required("keycloak.dist"));
        Path workdir = Path.of(System.getProperty("it.workdir", "target/it")).resolve(name);
        try {
            Path home = prepareBuilt("postgres", dist, jar, workdir);
            KeycloakServer server = new KeycloakServer("postgres", home, workdir.resolve("keycloak.log"), freePort(), freePort(),
                    postgresUrl(), database, ownsDatabase, List.of());
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The extension jar this build made. */
    public static Path extensionJar() {
        return Path.of(required("extension.jar"));
    }

    private static KeycloakServer start(String db, String name, String postgresServer) {
        return start(db, name, postgresServer, null, List.of());
    }

    /**
     * A server of the test's own on the database of this pass ({@code -Dit.db}), in {@code it.workdir}/{@code name},
     * started with the shared server's options and {@code options} (the constants above) after them.
     */
    public static KeycloakServer startWith(String name, List<String> options) {
        String db = System.getProperty("it.db", "h2");
        return start(db, name, switch (db) {
            case "postgres" -> postgresUrl();
            case "mariadb" -> mariadbUrl();
            default -> null;
        }, null, options);
    }

    /**
     * One server in {@code it.workdir}/{@code name}; on PostgreSQL or MariaDB, in a fresh database of {@code postgresServer}
     * (the JDBC URL of that database server).
     */
    private static KeycloakServer start(String db, String name, String postgresServer, String schema, List<String> options) {
        Path dist = Path.of(required("keycloak.dist"));
        Path jar = Path.of(required("extension.jar"));
        Path workdir = Path.of(System.getProperty("it.workdir", "target/it")).resolve(name);
        if (!Files.isExecutable(dist.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + dist + " (run through 'mvn verify', which unpacks it)");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The extension jar " + jar + " is missing (run through 'mvn verify')");
        }
        try {
            Path home = prepareBuilt(db, dist, jar, workdir);
            String postgresDatabase = postgresServer == null ? null
                    : db.equals("mariadb") ? createMariadbDatabase(postgresServer) : createPostgresDatabase(postgresServer);
            KeycloakServer server = new KeycloakServer(db, home, workdir.resolve("keycloak.log"), freePort(), freePort(),
                    postgresServer, postgresDatabase, true, schema == null ? options : concat(options, "--db-schema=" + schema));
            if (schema != null) {
                server.createSchema(schema);
            }
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The management interface: health, and metrics ({@code /metrics}). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The process id of Keycloak's JVM, a child of kc.sh (which does not exec it), for benchmarks that look at its heap. */
    public long javaPid() {
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("No Java process under kc.sh (pid " + process.pid() + ")"));
    }

    /** Keycloak's log file (its console output), for benchmarks that report what it said meanwhile. */
    public Path logFile() {
        return log;
    }

    /** The folder of the embedded H2 database's files ({@code -Dit.db=h2}), for tests that read what it stored. */
    public Path h2Directory() {
        return home.resolve("data").resolve("h2");
    }

    /** The folder the server reads file:/ address lists from (created at start). */
    public Path listDirectory() {
        return log.getParent().resolve("lists").toAbsolutePath();
    }

    public String db() {
        return db;
    }

    /** JDBC access to Keycloak's own database, for benchmarks' set-up (PostgreSQL or MariaDB). */
    public String jdbcUrl() {
        if (postgresDatabase == null) {
            throw new IllegalStateException("JDBC access needs -Dit.db=postgres or -Dit.db=mariadb");
        }
        return postgresServer.replaceFirst("/[^/?]*(\\?|$)", "/" + postgresDatabase + "$1");
    }

    private void createSchema(String schema) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), jdbcUser(), jdbcPassword());
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the schema " + schema + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUser() {
        return user(db);
    }

    public String jdbcPassword() {
        return password(db);
    }

    private static String user(String db) {
        return db.equals("mariadb") ? System.getProperty("it.mariadb.user", "root") : System.getProperty("it.postgres.user", "postgres");
    }

    private static String password(String db) {
        return System.getProperty(db.equals("mariadb") ? "it.mariadb.password" : "it.postgres.password", "");
    }

    private static void build(String db, Path home, Path buildLog) {
        // metrics: the extension's login-signal meters are checked on /metrics
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build", "--health-enabled=true",
                "--metrics-enabled=true"));
        command.add(switch (db) {
            case "postgres" -> "--db=postgres";
            case "mariadb" -> "--db=mariadb";
            default -> "--db=dev-file";
        });
        long t0 = System.nanoTime();
        run(command, buildLog, Duration.ofMinutes(5));
        System.out.printf("[keycloak-it] kc.sh build (%s) took %d s%n", db, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
    }

    private void launch() throws IOException {
        Files.createDirectories(listDirectory());
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort, "--hostname-strict=false",
                nodeArgs.stream().filter(a -> a.startsWith("--log-level=")).findFirst().orElse(LOG_LEVEL),
                // the email outbox, quick for tests: dispatched every second, retried after 1 s, 2 s, 2 s, ...
                "--spi-compromised-credentials-email--default--interval-seconds=1",
                "--spi-compromised-credentials-email--default--first-retry-seconds=1",
                "--spi-compromised-credentials-email--default--max-retry-seconds=2",
                // breached passwords: the range API stand-in in this JVM, short timeouts, no cache (tests switch it)
                "--spi-compromised-credentials-breach--default--hibp-base-url=" + FakeHibp.instance().baseUrl(),
                "--spi-compromised-credentials-breach--default--hibp-read-timeout-ms=1000",
                "--spi-compromised-credentials-breach--default--hibp-cache-size=0",
                // outbound requests: the stand-in servers of this JVM run on 127.0.0.1, an internal address that
                // transmitter keys and polls, address lists and the range API may only reach when allowed
                "--spi-compromised-credentials-outbound--default--allow=127.0.0.1,::1",
                // the admin digest, quick for tests: "days" of DIGEST_DAY_SECONDS, due realms looked for every second
                "--spi-compromised-credentials-digest--default--day-seconds=" + DIGEST_DAY_SECONDS,
                "--spi-compromised-credentials-digest--default--interval-seconds=1",
                // the Shared Signals poller, quick for tests: every second
                "--spi-compromised-credentials-shared-signals--default--poll-interval-seconds=1",
                // client addresses from X-Forwarded-For, so that tests can log in "from" many addresses; a request
                // without the header is from 127.0.0.1 as before
                "--proxy-headers=xforwarded",
                // file address lists from the folder listDirectory()
                "--spi-compromised-credentials-login-signals--default--list-directory=" + listDirectory()));
        if (!Boolean.parseBoolean(System.getProperty("it.themeCache", "false"))) {
            // tests read each template afresh (a theme test swaps a realm's theme); benchmarks of the emails keep
            // Keycloak's default caches with -Dit.themeCache=true, as in production
            command.addAll(List.of("--spi-theme--cache-themes=false", "--spi-theme--cache-templates=false"));
        }
        if (Boolean.parseBoolean(System.getProperty("it.fastLoginSignals", "true"))) {
            // login signals, quick for tests: counted and looked at every second, lists read every 2 s (benchmarks
            // turn this off with -Dit.fastLoginSignals=false, to measure the defaults)
            command.addAll(List.of(
                    "--spi-compromised-credentials-login-signals--default--flush-interval-seconds=1",
                    "--spi-compromised-credentials-login-signals--default--detect-interval-seconds=1",
                    "--spi-compromised-credentials-login-signals--default--list-refresh-seconds=2",
                    "--spi-compromised-credentials-login-signals--default--list-timeout-seconds=2"));
        }
        nodeArgs.stream().filter(a -> !a.startsWith("--log-level=")).forEach(command::add);
        String extra = System.getProperty("it.extraArgs", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        if (postgresDatabase != null) {
            command.add("--db-url=" + jdbcUrl());
            command.add("--db-username=" + jdbcUser());
            command.add("--db-password=" + jdbcPassword());
        }
        if (atLeast(26, 7)) {
            command.add("--shutdown-delay=0s"); // quick stops; the option is new in 26.7 (older servers refuse to start with it)
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        long t0 = System.nanoTime();
        process = builder.start();
        waitUntilReady();
        System.out.printf("[keycloak-it] Keycloak (%s) ready at %s after %d s; log: %s%n", db, baseUrl(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), log);
    }

    private void waitUntilReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " during start-up:\n" + tail(log));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        close();
        throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT + ":\n" + tail(log));
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            // kc.sh runs Keycloak's JVM as a child and forwards SIGTERM to it; should that fail, the JVM must not
            // outlive the test run, so it is stopped directly too
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy(); // SIGTERM: Keycloak shuts down cleanly
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                for (ProcessHandle child : children) {
                    if (child.isAlive()) {
                        child.destroy();
                        child.onExit().get(30, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
        if (postgresDatabase != null && ownsDatabase) {
            try (Connection c = DriverManager.getConnection(postgresServer, jdbcUser(), jdbcPassword());
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + postgresDatabase);
            } catch (SQLException e) {
                System.out.println("[keycloak-it] could not drop " + postgresDatabase + ": " + e.getMessage());
            }
        }
    }

    /** The last lines of Keycloak's log, for failure messages. */
    public String logTail() {
        return tail(log);
    }

    private static String databaseName() {
        return "cc_it_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + "_"
                + Long.toHexString(System.nanoTime() & 0xffff);
    }

    /** A fresh database on the MariaDB of {@code server}, in utf8mb4 as Keycloak needs (4-byte characters in names). */
    private static String createMariadbDatabase(String server) {
        String name = databaseName();
        try (Connection c = DriverManager.getConnection(server, user("mariadb"), password("mariadb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            System.out.println("[keycloak-it] created MariaDB database " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB is needed for -Dit.db=mariadb and is not reachable at "
                    + server + ": " + e.getMessage() + " (skip this database with -Dit.mariadb.skip=true)", e);
        }
    }

    private static String createPostgresDatabase(String server) {
        String name = databaseName();
        try (Connection c = DriverManager.getConnection(server, user("postgres"), password("postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            System.out.println("[keycloak-it] created PostgreSQL database " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed for -Dit.db=postgres and is not reachable at "
                    + server + ": " + e.getMessage() + " (skip this database with -Dit.postgres.skip=true)", e);
        }
    }

    private static String postgresUrl() {
        return System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    }

    private static String mariadbUrl() {
        return System.getProperty("it.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
    }

    private static void run(List<String> command, Path output, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out:\n" + tail(output));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with " + p.exitValue() + ":\n" + tail(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Whether the distribution under test ({@code keycloak.dist}, a folder {@code keycloak-X.Y.Z}) is at least {@code major.minor}. */
    static boolean atLeast(int major, int minor) {
        String dist = Path.of(required("keycloak.dist")).getFileName().toString();
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)").matcher(dist);
        if (!version.find()) {
            return true;
        }
        int a = Integer.parseInt(version.group(1));
        int b = Integer.parseInt(version.group(2));
        return a > major || (a == major && b >= minor);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            run(List.of("rm", "-rf", dir.toString()), Files.createTempFile("rm", ".log"), Duration.ofMinutes(1));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set (run through 'mvn verify')");
        }
        return value;
    }
}

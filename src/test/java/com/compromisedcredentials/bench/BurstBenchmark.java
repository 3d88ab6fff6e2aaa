package com.compromisedcredentials.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.compromisedcredentials.it.AdminApi;
import com.compromisedcredentials.it.KeycloakServer;
import com.compromisedcredentials.it.Mailbox;
import com.compromisedcredentials.it.TestRealm;
import com.compromisedcredentials.it.UserRows;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The email outbox's drain rate for a burst of "your account was flagged" emails, and login latency and throughput while
 * it sends ÷ the same logins while it is idle, in one run for three ways of sending, side by side: the one-connection
 * mode (one sender, a new SMTP connection per email: the outbox before its senders and kept connections), the default
 * ({@code senders} 4, kept connections), and a two-node cluster in the default mode. Real Keycloak on PostgreSQL (not
 * a test); every mode starts its own server(s) on a fresh database.
 *
 * <p>Set-up, for each mode: one realm with {@link #LOGIN_USERS} ordinary users with passwords (created through the
 * admin API, never flagged) and as many users as the mode's burst has emails written straight into Keycloak's
 * USER_ENTITY table (verified email, no password: the admin API is far too slow for that many). The realm's policy
 * lets a batch of that size through (not held), does not revoke sessions and allows the most emails per minute the
 * policy accepts, so that the outbox sends as fast as its dispatcher can. The realm's SMTP server is {@link Mailbox}
 * (GreenMail) in this JVM, on loopback. The test servers dispatch the outbox every second (the default is 10 s).
 *
 * <p>Logins: password grants (direct grant, the token endpoint) of the ordinary users through the public client,
 * from {@code threads} client threads in a loop, each request timed; their own HTTP clients, apart from the admin
 * calls. On the cluster the threads take turns over the nodes (thread 1 on node 1, thread 2 on node 2, ...).
 *
 * <p>Phases, for each mode: the sending path's warm-up, a burst of a fifth as many emails with nothing else running
 * (untimed: JIT, caches, SMTP connections); the drain with no logins, a burst of half as many, timed (the node's rate
 * when it has the machine to itself); a warm-up of the logins (printed, compared with nothing); the baseline (outbox idle) for
 * {@code baselineSeconds}; the burst: the batch is submitted (through node 1) while the logins run, and they run until
 * the mailbox has received every email (or the timeout). The burst's length D is known only then, so the baseline it is
 * compared with is the last D seconds of the baseline phase: the same length, the same threads (the whole phase, and a
 * note, if the burst lasted longer). Then an optional round of D seconds after the burst, to show drift. Once the outbox
 * has nothing left to send, the mails are counted per recipient: each of the burst's emails must have arrived exactly
 * once (on the cluster, however the nodes claimed them). Everything runs on one machine: Keycloak, PostgreSQL, the SMTP
 * server and the clients share its CPUs.
 *
 * <p>Arguments: emails of the default and cluster modes (10000), emails of the one-connection mode (2000: it sends
 * about 14 a second), client threads (2), baseline seconds (240), timeout seconds for each burst (1800), round after
 * each burst (false), the modes to run (all; or a comma-separated list of one-connection, default, 2-node-cluster: for a
 * profile of one mode, not for the published side-by-side figures), the login load of the timed phases (saturating: the
 * client threads as fast as they go, as in the warm-up; or a fraction such as 0.5: logins paced at that share of the
 * rate the warm-up reached, each timed from when it was due, so that a login kept waiting by the burst counts its wait).
 *
 * <p>A saturating load keeps the CPUs busy with logins alone: any CPU the senders take is then taken from the logins,
 * whatever their priority. A paced load below the machine's capacity is the case of a real incident (users arrive at
 * their own pace) and shows whether the burst delays them. The nodes inherit {@code JAVA_OPTS_APPEND}: with the options
 * the server options page gives for it, the email threads run at the OS's lowest priority; each mode prints the nice
 * value of its threads.
 */
public final class BurstBenchmark {

    private static final int LOGIN_USERS = 20;
    private static final int MAX_SUBJECTS_PER_REQUEST = 10_000;
    private static final int WARM_UP_SECONDS = 20;
    /** The users of the sending path's warm-up burst and of the burst with no logins (prefixes of their email addresses). */
    private static final String WARM = "warm";
    private static final String ALONE = "alone";
    private static final int MAX_WARM_UP_BURSTS = 4;
    /** The JIT compilers' CPU during a warm-up burst below which the sending path counts as warmed up. */
    private static final double JIT_SETTLED_CPU = 0.10;
    /** Roughly how long a node takes to start, for the estimate of the time left (copy, start, migrate). */
    private static final int NODE_START_SECONDS = 90;
    /** The dispatcher's debug line after each round on a node (OutboxDispatcher). */
    private static final Pattern DISPATCH_LINE = Pattern.compile("Outbox: \\d+ realms with messages due, \\d+ taken, (\\d+) sent; "
            + "(\\d+) SMTP connections opened on this node so far");

    // the goals for the default mode and the cluster
    private static final double GOAL_EMAILS_PER_SECOND = 140;
    private static final double GOAL_P99_RATIO = 1.10;
    private static final double GOAL_THROUGHPUT_RATIO = 0.95;

    /**
     * One way of sending: what it is (in words, and as senders x emails per connection), how many nodes, the server
     * options they start with, the burst's size, and the drain rate assumed only to estimate the time left.
     */
    private record Mode(String name, String sending, String sendersTimesEmailsPerConnection, int nodes, List<String> options,
            int emails, double assumedEmailsPerSecond) {

        List<KeycloakServer> start() {
            return nodes == 1 ? List.of(KeycloakServer.startWith("burst-" + name.replace(' ', '-'), options))
                    : KeycloakServer.startCluster(nodes, options);
        }

        /** An estimate of the mode's length, for the progress lines. */
        long estimatedSeconds(int baselineSeconds, boolean after) {
            double burst = emails / assumedEmailsPerSecond;
            // + the sending path's warm-up (a fifth) and the burst with no logins (a half)
            return Math.round(nodes * NODE_START_SECONDS + WARM_UP_SECONDS + baselineSeconds + burst * (after ? 2.7 : 1.7) + emails / 5.0 / assumedEmailsPerSecond * 2);
        }
    }

    /** What one mode measured. */
    private record Result(Mode mode, int expected, int delivered, boolean complete, double drainSeconds, int aloneEmails,
            double aloneRate, String warmUpSending, Delivery delivery,
            List<NodeSends> nodes, Stats warmUp, double paced, Stats idle, Stats burst, boolean baselineLongEnough, String senderNice,
            String cpu) {

        double emailsPerSecond() {
            return delivered / Math.max(0.001, drainSeconds);
        }

        double p99Ratio() {
            return burst.p99 / idle.p99;
        }

        double throughputRatio() {
            return burst.rate / idle.rate;
        }
    }

    /** The mails counted per recipient: the burst's recipients that got more than one, or none; mails to anyone else. */
    private record Delivery(int duplicates, int missing, int others, List<String> examples) {

        boolean exactlyOnce() {
            return duplicates == 0 && missing == 0 && others == 0;
        }
    }

    /** What one node's dispatcher said in its log: emails it sent, SMTP connections it opened (-1: the log was unreadable). */
    private record NodeSends(long sent, long connectionsOpened) {
    }

    public static void main(String[] args) {
        Benchmarks.main(args, BurstBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int emails = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int oneConnectionEmails = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int baselineSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 240;
        int timeoutSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 1800;
        boolean after = args.length > 5 && Boolean.parseBoolean(args[5]);
        List<String> only = args.length > 6 && !"all".equals(args[6]) ? List.of(args[6].split(",")) : null;
        double load = args.length > 7 && !"saturating".equals(args[7]) ? Double.parseDouble(args[7]) : 0;
        if (load < 0 || load >= 1) {
            throw new IllegalArgumentException("the login load is 'saturating' or a fraction of the warm-up's logins/s above 0 "
                    + "and below 1, not " + args[7]);
        }
        if (!"postgres".equals(System.getProperty("it.db"))) {
            throw new IllegalStateException("This benchmark writes its users by JDBC and starts a cluster: run it with "
                    + "-Dbench.db=postgres (bench/burst.sh)");
        }
        List<Mode> modes = List.of(
                new Mode("one connection", "1 sender, a new SMTP connection per email", "1 x 1", 1,
                        List.of(KeycloakServer.EMAIL_SENDERS + "1", KeycloakServer.EMAILS_PER_CONNECTION + "1"), oneConnectionEmails, 12),
                // the defaults: no option given
                new Mode("default", "4 senders, kept SMTP connections (100 emails each)", "4 x 100", 1, List.of(), emails,
                        GOAL_EMAILS_PER_SECOND),
                new Mode("2-node cluster", "2 nodes, each with 4 senders over kept SMTP connections (claim-seconds 15, the test cluster's)",
                        "4 x 100 per node", 2, List.of(),
                        emails, GOAL_EMAILS_PER_SECOND));
        if (only != null) {
            modes = modes.stream().filter(m -> only.contains(m.name().replace(' ', '-'))).toList();
            if (modes.isEmpty()) {
                throw new IllegalArgumentException("no such mode: " + only + " (one-connection, default, 2-node-cluster or all)");
            }
        }
        long runStart = System.nanoTime();
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < modes.size(); i++) {
            Mode mode = modes.get(i);
            long left = modes.subList(i, modes.size()).stream().mapToLong(m -> m.estimatedSeconds(baselineSeconds, after)).sum();
            progress("=== mode %d of %d: %s (%s), %d emails; %.0f min so far, about %.0f min left (an estimate, assuming "
                    + "%.0f emails/s here)", i + 1, modes.size(), mode.name(), mode.sending(), mode.emails(),
                    seconds(System.nanoTime() - runStart) / 60, left / 60.0, mode.assumedEmailsPerSecond());
            results.add(measure(mode, threads, load, baselineSeconds, timeoutSeconds, after));
        }
        printSideBySide(results, threads, load, baselineSeconds);
        System.out.printf(Locale.ROOT, "%nthe whole run took %.1f min%n", seconds(System.nanoTime() - runStart) / 60);
    }

    /** Starts the mode's node(s) on a fresh database, runs its warm-up, baseline and burst, prints its details, stops them. */
    private static Result measure(Mode mode, int threads, double load, int baselineSeconds, int timeoutSeconds, boolean after)
            throws Exception {
        List<KeycloakServer> nodes = mode.start();
        try (Mailbox mailbox = Mailbox.start()) {
            KeycloakServer first = nodes.get(0);
            AdminApi admin = AdminApi.connect(first);
            // the timed logins: HTTP clients of their own, one per node
            List<AdminApi> clients = nodes.stream().map(AdminApi::connect).toList();
            String realm = TestRealm.named("bench-burst").smtp(mailbox.port()).users("u", LOGIN_USERS).create(admin);
            admin.setPolicy(realm, Map.of("maxFlagsPerHour", "10000000", "maxFlagsPerDayPercent", "100",
                    "revokeSessions", "false", "emailsPerMinute", "100000", "canaryThreshold", "10000000"));
            JsonNode policy = admin.get("/admin/realms/" + realm + "/compromised-credentials/policy").json();
            String realmId = admin.get("/admin/realms/" + realm).json().get("id").asText();
            progress("%s: realm %s: %d login users; policy in force: emailsPerMinute=%s, maxFlagsPerHour=%s, "
                    + "maxFlagsPerDayPercent=%s, revokeSessions=%s, emailOnFlag=%s, emailRequireVerified=%s", mode.name(), realm,
                    LOGIN_USERS, setting(policy, "emailsPerMinute"), setting(policy, "maxFlagsPerHour"),
                    setting(policy, "maxFlagsPerDayPercent"), setting(policy, "revokeSessions"), setting(policy, "emailOnFlag"),
                    setting(policy, "emailRequireVerified"));

            int emails = mode.emails();
            long t0 = System.nanoTime();
            int warmEmails = Math.max(100, emails / 5);
            int aloneEmails = Math.max(100, emails / 2);
            UserRows.insert(first, realmId, "burst", emails);
            for (int round = 1; round <= MAX_WARM_UP_BURSTS; round++) {
                UserRows.insert(first, realmId, WARM + round + "-", warmEmails);
            }
            UserRows.insert(first, realmId, ALONE, aloneEmails);
            progress("%s: %d x %d + %d + %d users to flag (warm-up, alone, burst) written by JDBC in %.1f s", mode.name(),
                    MAX_WARM_UP_BURSTS, warmEmails,
                    aloneEmails, emails, seconds(System.nanoTime() - t0));

            // the sending path warmed up (JIT, caches, connections): a burst of its own, untimed, nothing else running;
            // then one timed with nothing else running: the node's drain rate when it has the machine to itself
            // warmed up = the JIT compilers of the node(s) have settled: bursts of warmEmails until they used less than
            // a tenth of a CPU during one (at most MAX_WARM_UP_BURSTS)
            double warmRate = 0;
            int warmRounds = 0;
            List<String> warmLog = new ArrayList<>();
            for (int round = 1; round <= MAX_WARM_UP_BURSTS; round++) {
                progress("%s: warm-up of the sending path, burst %d: %d emails, no logins", mode.name(), round, warmEmails);
                double compiledBefore = compilerSeconds(nodes);
                long start = System.nanoTime();
                warmRate = burstAlone(mode.name() + ": warm-up " + round, admin, realm, mailbox, WARM + round + "-", warmEmails,
                        timeoutSeconds);
                double compilerShare = (compilerSeconds(nodes) - compiledBefore) / seconds(System.nanoTime() - start);
                warmRounds = round;
                warmLog.add(String.format(Locale.ROOT, "%.1f/s (JIT %.2f CPU)", warmRate, compilerShare));
                progress("%s: warm-up burst %d: %.1f emails/s; the JIT compilers used %.2f CPU meanwhile", mode.name(), round,
                        warmRate, compilerShare);
                if (compilerShare < JIT_SETTLED_CPU) {
                    break;
                }
            }
            String warmSummary = warmRounds + " x " + warmEmails + ": " + String.join(", ", warmLog);
            progress("%s: drain with no logins: %d emails", mode.name(), aloneEmails);
            CpuTimes aloneCpu = CpuTimes.now();
            double aloneRate = burstAlone(mode.name() + ": alone", admin, realm, mailbox, ALONE, aloneEmails, timeoutSeconds);
            aloneCpu = CpuTimes.now().minus(aloneCpu);
            progress("%s: drain with no logins: %.1f emails/s", mode.name(), aloneRate);

            // the warm-up: printed, compared with nothing
            progress("%s: warm-up: %d s of logins, %d threads over %d node(s)", mode.name(), WARM_UP_SECONDS, threads, nodes.size());
            Logins warmUp = Logins.start(clients, realm, threads);
            long warmStart = System.nanoTime();
            long warmEnd = warmStart + WARM_UP_SECONDS * 1_000_000_000L;
            waitPhase(mode.name() + ": warm-up", warmUp, warmEnd);
            Stats warm = Stats.of(warmUp.stop(), warmStart, warmEnd);
            // the timed phases' logins: the same threads as fast as they go, or paced at a share of the warm-up's rate
            double paced = load * warm.rate;
            Supplier<Logins> logins = paced > 0 ? () -> Logins.paced(clients, realm, paced) : () -> Logins.start(clients, realm, threads);
            if (paced > 0) {
                progress("%s: the timed phases' logins: %.2f a second (%.2f of the warm-up's %.2f), each timed from when it was due",
                        mode.name(), paced, load, warm.rate);
            }

            // the baseline: the outbox has nothing to send
            Logins idle = logins.get();
            CpuTimes idleCpu = CpuTimes.now();
            long idleStart = System.nanoTime();
            long idleEnd = idleStart + baselineSeconds * 1_000_000_000L;
            progress("%s: baseline: %d s of logins, outbox idle (mailbox holds %d)", mode.name(), baselineSeconds, mailbox.count());
            waitPhase(mode.name() + ": baseline", idle, idleEnd);
            List<Sample> idleSamples = idle.stop();
            idleCpu = CpuTimes.now().minus(idleCpu);

            // the burst: the batch is submitted while the logins run; they run until every email has arrived
            List<Map<String, String>> subjects = new ArrayList<>();
            for (int i = 0; i < emails; i++) {
                subjects.add(Map.of("email", email(i)));
            }
            List<Long> logOffsets = new ArrayList<>();
            for (KeycloakServer node : nodes) {
                logOffsets.add(Files.size(node.logFile()));
            }
            int mailsBefore = mailbox.count();
            Logins burst = logins.get();
            CpuTimes burstCpu = CpuTimes.now();
            long submitted = System.nanoTime();
            List<String> batchLines = new ArrayList<>();
            int newlyFlagged = 0;
            for (int from = 0; from < emails; from += MAX_SUBJECTS_PER_REQUEST) {
                List<Map<String, String>> part = subjects.subList(from, Math.min(emails, from + MAX_SUBJECTS_PER_REQUEST));
                progress("%s: burst: submitting a batch of %d subjects (by email)", mode.name(), part.size());
                long t = System.nanoTime();
                AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals",
                        Map.of("source", "bench-burst", "reason", "credential-leak", "subjects", part));
                if (reply.status() != 201 || !"APPLIED".equals(reply.json().path("state").asText())) {
                    burst.stop();
                    throw new IllegalStateException("the batch was not applied: HTTP " + reply.status() + " "
                            + reply.body().substring(0, Math.min(400, reply.body().length())));
                }
                JsonNode summary = reply.json();
                newlyFlagged += summary.path("newlyFlagged").asInt();
                String line = String.format(Locale.ROOT, "HTTP %d %s in %.1f s: %d received, %d matched, %d newly flagged, %d unmatched",
                        reply.status(), summary.path("state").asText(), seconds(System.nanoTime() - t), summary.path("received").asInt(),
                        summary.path("matched").asInt(), summary.path("newlyFlagged").asInt(), summary.path("unmatched").asInt());
                batchLines.add(line);
                progress("%s: burst: batch %s", mode.name(), line);
            }
            long applied = System.nanoTime();
            if (newlyFlagged == 0) {
                burst.stop();
                throw new IllegalStateException("the batch flagged nobody: no email to wait for");
            }
            long deadline = submitted + timeoutSeconds * 1_000_000_000L;
            long firstMail = -1;
            long lastPrint = System.nanoTime();
            int delivered;
            while (true) {
                long now = System.nanoTime();
                delivered = mailbox.count() - mailsBefore;
                if (delivered > 0 && firstMail < 0) {
                    firstMail = now;
                }
                if (delivered >= newlyFlagged || now >= deadline) {
                    break;
                }
                if (now - lastPrint >= 5_000_000_000L) {
                    lastPrint = now;
                    double rate = firstMail < 0 ? 0 : delivered / Math.max(0.001, seconds(now - firstMail));
                    progress("%s: burst: %d/%d emails delivered, %.0f/s, %s left (timeout in %.0f s); %d logins, %d failed",
                            mode.name(), delivered, newlyFlagged, rate,
                            rate > 0 ? String.format(Locale.ROOT, "~%.0f s", (newlyFlagged - delivered) / rate) : "?",
                            seconds(deadline - now), burst.ok.get(), burst.failed.get());
                }
                Thread.sleep(100);
            }
            long drained = System.nanoTime();
            List<Sample> burstSamples = burst.stop();
            burstCpu = CpuTimes.now().minus(burstCpu);
            String cpuLine = String.format(Locale.ROOT, "no logins %s; baseline %s; burst %s", aloneCpu, idleCpu, burstCpu);
            boolean complete = delivered >= newlyFlagged;
            long burstNanos = drained - submitted;
            progress("%s: burst: %s: %d/%d emails delivered %.1f s after the batch was submitted", mode.name(),
                    complete ? "drained" : "TIMED OUT", delivered, newlyFlagged, seconds(burstNanos));

            // the same length after the burst, to show drift
            List<Sample> afterSamples = List.of();
            long afterStart = 0;
            if (after) {
                Logins again = logins.get();
                afterStart = System.nanoTime();
                progress("%s: after the burst: %.0f s of logins, outbox idle again", mode.name(), seconds(burstNanos));
                waitPhase(mode.name() + ": after the burst", again, afterStart + burstNanos);
                afterSamples = again.stop();
            }

            // each email exactly once: counted when the outbox has nothing left that could still go out
            String pending = awaitOutboxSettled(first);
            List<String> recipients = mailbox.recipients();
            Delivery delivery = countPerRecipient(recipients.subList(mailsBefore, recipients.size()), emails);
            List<NodeSends> sends = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                sends.add(nodeSends(nodes.get(i).logFile(), logOffsets.get(i)));
            }

            boolean baselineLongEnough = burstNanos <= idleEnd - idleStart;
            long baselineFrom = baselineLongEnough ? idleEnd - burstNanos : idleStart;
            Result result = new Result(mode, newlyFlagged, delivered, complete, seconds(drained - applied), aloneEmails, aloneRate,
                    warmSummary, delivery, sends, warm, paced,
                    Stats.of(idleSamples, baselineFrom, idleEnd), Stats.of(burstSamples, submitted, drained), baselineLongEnough,
                    senderNice(nodes), cpuLine);

            // the mode's details
            Stats wholeBaseline = Stats.of(idleSamples, idleStart, idleEnd);
            Stats sending = Stats.of(burstSamples, applied, drained);
            Stats afterwards = after ? Stats.of(afterSamples, afterStart, afterStart + burstNanos) : null;
            System.out.printf(Locale.ROOT, "%n--- %s: %s, %d node(s); burst of %d flagged emails%n", mode.name(), mode.sending(),
                    nodes.size(), emails);
            System.out.printf(Locale.ROOT, "%-52s %8s %7s %6s %9s %9s %9s %9s%n", "phase", "window", "logins", "failed", "logins/s",
                    "p50 (ms)", "p99 (ms)", "max (ms)");
            print("warm-up (not compared)", warm);
            print(String.format(Locale.ROOT, "baseline, outbox idle (%s)", baselineLongEnough
                    ? String.format(Locale.ROOT, "last %.0f s of %d s", seconds(burstNanos), baselineSeconds) : "whole phase"), result.idle());
            print(String.format(Locale.ROOT, "burst: batch submitted -> %d emails delivered", delivered), result.burst());
            print("  of which after the batch was applied (sending)", sending);
            if (afterwards != null) {
                print("after the burst, outbox idle again (drift)", afterwards);
            }
            print(String.format(Locale.ROOT, "(whole baseline phase, %d s)", baselineSeconds), wholeBaseline);
            System.out.printf(Locale.ROOT, "p99 burst ÷ baseline: %.3f   (p50: %.3f, logins/s: %.3f); p99 while sending ÷ baseline: %.3f%s%n",
                    result.p99Ratio(), result.burst().p50 / result.idle().p50, result.throughputRatio(), sending.p99 / result.idle().p99,
                    afterwards == null ? "" : String.format(Locale.ROOT, "; p99 after ÷ baseline: %.3f (drift)", afterwards.p99 / result.idle().p99));
            if (!baselineLongEnough) {
                System.out.printf(Locale.ROOT, "NOTE: the burst (%.0f s) outlasted the baseline phase (%d s): the windows differ in length; "
                        + "rerun with more baseline seconds%n", seconds(burstNanos), baselineSeconds);
            }
            System.out.printf(Locale.ROOT, "OS priority (nice) of the threads: %s%n", threadNice(nodes));
            System.out.printf(Locale.ROOT, "the machine's CPUs (all processes; /proc/stat): %s%n", cpuLine);
            System.out.printf(Locale.ROOT, "sending path warmed up with %s; then with no logins: %d emails at %.1f emails/s%n",
                    warmSummary, aloneEmails, aloneRate);
            for (String line : batchLines) {
                System.out.println("batch: " + line);
            }
            System.out.printf(Locale.ROOT, "emails delivered: %d of %d (%s) in %.1f s after submission; first after %s; "
                    + "%.1f s from the batch's answer to the last one (%.1f emails/s)%n", delivered, newlyFlagged,
                    complete ? "all" : "TIMED OUT after " + timeoutSeconds + " s", seconds(burstNanos),
                    firstMail < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", seconds(firstMail - submitted)), result.drainSeconds(),
                    result.emailsPerSecond());
            System.out.printf(Locale.ROOT, "per recipient: %s%s%n", describe(delivery), pending.isEmpty() ? "" : " (" + pending + ")");
            for (int i = 0; i < nodes.size(); i++) {
                NodeSends node = sends.get(i);
                System.out.printf(Locale.ROOT, "node %d: %s emails sent, %s SMTP connections opened (its dispatcher's debug log); "
                        + "log during the burst: %s (%s)%n", i + 1, known(node.sent()), known(node.connectionsOpened()),
                        logLevels(nodes.get(i).logFile(), logOffsets.get(i)), nodes.get(i).logFile());
            }
            long sentByNodes = sends.stream().mapToLong(NodeSends::sent).sum();
            if (sentByNodes != delivered) {
                System.out.printf(Locale.ROOT, "NOTE: the nodes' logs account for %d sent emails of the %d delivered: the per-node "
                        + "figures are not to be trusted (has the dispatcher's debug line changed?)%n", sentByNodes, delivered);
            }
            System.out.println("outbox (CC_OUTBOX): " + outbox(first));
            for (Stats s : List.of(result.idle(), result.burst(), wholeBaseline)) {
                if (!s.failures.isEmpty()) {
                    System.out.println("failed logins, e.g.: " + s.failures);
                    break;
                }
            }
            System.out.println();
            return result;
        } finally {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        }
    }

    /** The three modes in one table, each figure beside its goal. */
    private static void printSideBySide(List<Result> results, int threads, double load, int baselineSeconds) {
        System.out.printf(Locale.ROOT, "%n=== Email burst, side by side: Keycloak on PostgreSQL, %d CPUs; SMTP: GreenMail on loopback in the "
                + "benchmark's JVM%n", Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "outbox dispatched every 1 s (the test servers' setting; the default is 10 s), emailsPerMinute 100000; "
                + "theme and template caches %s%s%n", Boolean.getBoolean("it.themeCache") ? "on (Keycloak's default)" : "off (the tests' setting)",
                System.getProperty("it.extraArgs", "").isBlank() ? "" : "; server options added: " + System.getProperty("it.extraArgs").trim());
        System.out.printf(Locale.ROOT, "logins: password grants of %d unflagged users, %s (on the cluster, spread over its "
                + "nodes); idle = the last seconds of a %d s idle phase, as long as the burst (batch submitted -> last email)%n",
                LOGIN_USERS, load > 0 ? String.format(Locale.ROOT, "paced at %.2f of the rate %d client threads reached in the "
                        + "warm-up, each login timed from when it was due (up to %d at once)", load, threads, Logins.PACED_THREADS)
                        : threads + " client threads as fast as they go (saturating)", baselineSeconds);
        System.out.printf(Locale.ROOT, "Keycloak's JVM options added (JAVA_OPTS_APPEND): %s%n",
                System.getenv().getOrDefault("JAVA_OPTS_APPEND", "").isBlank() ? "none" : System.getenv("JAVA_OPTS_APPEND"));
        System.out.printf(Locale.ROOT, "emails/s: from the batch's answer to the last email; the goals are for the default mode and the "
                + "cluster (the one-connection mode is the outbox as it was)%n%n");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-34s", ""));
        results.forEach(r -> header.append(String.format(Locale.ROOT, " %-22s", r.mode().name())));
        System.out.println(header.append(" goal"));
        row(results, "senders x emails per connection", r -> r.mode().sendersTimesEmailsPerConnection(), "");
        row(results, "emails delivered / expected", r -> r.delivered() + " / " + r.expected() + (r.complete() ? "" : " TIMED OUT"), "");
        row(results, "each once (duplicates, missing)", r -> (r.delivery().exactlyOnce() ? "yes" : "NO") + " ("
                + r.delivery().duplicates() + ", " + r.delivery().missing() + ")", "each once");
        row(results, "sent per node", r -> join(r.nodes(), NodeSends::sent), "");
        row(results, "SMTP connections opened per node", r -> join(r.nodes(), NodeSends::connectionsOpened), "");
        row(results, "drain: batch answer -> last (s)", r -> String.format(Locale.ROOT, "%.1f", r.drainSeconds()), "");
        row(results, "emails/s during logins", r -> verdict(String.format(Locale.ROOT, "%.1f", r.emailsPerSecond()),
                r.emailsPerSecond() >= GOAL_EMAILS_PER_SECOND), String.format(Locale.ROOT, ">= %.0f", GOAL_EMAILS_PER_SECOND));
        row(results, "sending warm-up bursts", r -> r.warmUpSending().replaceAll(":.*", ""), "");
        row(results, "no logins: emails, emails/s", r -> verdict(String.format(Locale.ROOT, "%d, %.1f", r.aloneEmails(), r.aloneRate()),
                r.aloneRate() >= GOAL_EMAILS_PER_SECOND), String.format(Locale.ROOT, ">= %.0f", GOAL_EMAILS_PER_SECOND));
        row(results, "senders' OS nice (server's)", Result::senderNice, "");
        System.out.println("the machine's CPUs busy / stolen by the hypervisor, per phase:");
        results.forEach(r -> System.out.printf(Locale.ROOT, "  %-32s %s%n", r.mode().name(), r.cpu()));
        row(results, "warm-up logins/s, p99 (ms)", r -> String.format(Locale.ROOT, "%.2f, %.1f", r.warmUp().rate, r.warmUp().p99), "");
        if (load > 0) {
            row(results, "logins/s offered (paced)", r -> String.format(Locale.ROOT, "%.2f", r.paced()), "");
        }
        row(results, "window idle = burst (s)", r -> String.format(Locale.ROOT, "%.0f = %.0f%s", r.idle().seconds, r.burst().seconds,
                r.baselineLongEnough() ? "" : " *"), "");
        row(results, "logins/s idle -> burst", r -> String.format(Locale.ROOT, "%.2f -> %.2f", r.idle().rate, r.burst().rate), "");
        row(results, "throughput burst ÷ idle", r -> verdict(String.format(Locale.ROOT, "%.3f", r.throughputRatio()),
                r.throughputRatio() >= GOAL_THROUGHPUT_RATIO), String.format(Locale.ROOT, ">= %.2f", GOAL_THROUGHPUT_RATIO));
        row(results, "p50 idle -> burst (ms)", r -> String.format(Locale.ROOT, "%.1f -> %.1f", r.idle().p50, r.burst().p50), "");
        row(results, "p99 idle -> burst (ms)", r -> String.format(Locale.ROOT, "%.1f -> %.1f", r.idle().p99, r.burst().p99), "");
        row(results, "p99 burst ÷ idle", r -> verdict(String.format(Locale.ROOT, "%.3f", r.p99Ratio()), r.p99Ratio() <= GOAL_P99_RATIO),
                String.format(Locale.ROOT, "<= %.2f", GOAL_P99_RATIO));
        row(results, "failed logins idle, burst", r -> r.idle().failed + ", " + r.burst().failed, "0, 0");
        if (results.stream().anyMatch(r -> !r.baselineLongEnough())) {
            System.out.printf(Locale.ROOT, "* the burst outlasted the %d s idle phase: compared with the whole phase; rerun with more "
                    + "baseline seconds%n", baselineSeconds);
        }
    }

    private static void row(List<Result> results, String label, Function<Result, String> cell, String goal) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-34s", label));
        results.forEach(r -> line.append(String.format(Locale.ROOT, " %-22s", cell.apply(r))));
        System.out.println(line.append(' ').append(goal).toString().stripTrailing());
    }

    private static String verdict(String figure, boolean met) {
        return figure + (met ? " ok" : " MISSED");
    }

    private static String join(List<NodeSends> nodes, ToLongFunction<NodeSends> figure) {
        return String.join(" + ", nodes.stream().map(n -> known(figure.applyAsLong(n))).toList());
    }

    private static String known(long figure) {
        return figure < 0 ? "?" : String.valueOf(figure);
    }

    /** The logins of one phase: {@code threads} threads doing password grants until stopped, each one timed. */
    private static final class Logins {
        /** The threads of a paced load: enough that a login is never late for want of one (the rate x a slow login). */
        static final int PACED_THREADS = 16;
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final ConcurrentLinkedQueue<List<Sample>> done = new ConcurrentLinkedQueue<>();
        private final List<Thread> workers = new ArrayList<>();
        private volatile boolean stopped;

        /** Thread t logs in on {@code clients.get(t % clients.size())}: one client per node, the threads spread over them. */
        static Logins start(List<AdminApi> clients, String realm, int threads) {
            Logins logins = new Logins();
            for (int t = 0; t < threads; t++) {
                int offset = t * (LOGIN_USERS / Math.max(1, threads));
                AdminApi client = clients.get(t % clients.size());
                Thread worker = new Thread(() -> logins.loop(client, realm, offset), "login-" + t);
                logins.workers.add(worker);
                worker.start();
            }
            return logins;
        }

        /**
         * Logins at a fixed rate whatever the server's pace (an open load, as users arrive): login k is due at k / rate
         * seconds, on node k mod nodes, and is timed from then, so a login that waits for a free thread or for the
         * server counts its wait.
         */
        static Logins paced(List<AdminApi> clients, String realm, double perSecond) {
            Logins logins = new Logins();
            long start = System.nanoTime();
            double interval = 1e9 / perSecond;
            AtomicLong next = new AtomicLong();
            for (int t = 0; t < PACED_THREADS; t++) {
                Thread worker = new Thread(() -> {
                    List<Sample> mine = new ArrayList<>();
                    while (!logins.stopped) {
                        long k = next.getAndIncrement();
                        long due = start + (long) (k * interval);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        if (logins.stopped) {
                            break;
                        }
                        logins.login(clients.get((int) (k % clients.size())), realm, (int) k, due, mine);
                    }
                    logins.done.add(mine);
                }, "paced-login-" + t);
                logins.workers.add(worker);
                worker.start();
            }
            return logins;
        }

        private void loop(AdminApi client, String realm, int offset) {
            List<Sample> mine = new ArrayList<>();
            int i = offset;
            while (!stopped) {
                login(client, realm, i++, System.nanoTime(), mine);
            }
            done.add(mine);
        }

        /** One password grant of user i (mod the users), timed from {@code from}. */
        private void login(AdminApi client, String realm, int i, long from, List<Sample> samples) {
            String user = String.format(Locale.ROOT, "u%02d", (i % LOGIN_USERS) + 1);
            String failure;
            try {
                AdminApi.Reply reply = client.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                        "grant_type", "password", "client_id", TestRealm.CLIENT_ID, "username", user, "password", user + "-Passw0rd"));
                failure = reply.status() == 200 ? null : "HTTP " + reply.status() + " " + reply.body();
            } catch (RuntimeException | AssertionError e) {
                failure = e.toString().lines().findFirst().orElse("");
            }
            samples.add(new Sample(from, System.nanoTime() - from, failure));
            (failure == null ? ok : failed).incrementAndGet();
        }

        List<Sample> stop() throws InterruptedException {
            stopped = true;
            for (Thread worker : workers) {
                worker.join();
            }
            List<Sample> all = new ArrayList<>();
            done.forEach(all::addAll);
            return all;
        }
    }

    /** One login: when it started, how long it took, and why it failed (null: it did not). */
    private record Sample(long start, long nanos, String failure) {
    }

    /** The logins that started within a window. */
    private record Stats(double seconds, int logins, int failed, double rate, double p50, double p99, double max, List<String> failures) {

        static Stats of(List<Sample> samples, long from, long to) {
            List<Sample> in = samples.stream().filter(s -> s.start() >= from && s.start() < to).toList();
            long[] ok = in.stream().filter(s -> s.failure() == null).mapToLong(Sample::nanos).sorted().toArray();
            List<String> failures = in.stream().filter(s -> s.failure() != null).map(Sample::failure).distinct().limit(3).toList();
            double seconds = BurstBenchmark.seconds(to - from);
            return new Stats(seconds, in.size(), in.size() - ok.length, ok.length / seconds, millis(percentile(ok, 50)),
                    millis(percentile(ok, 99)), ok.length == 0 ? Double.NaN : millis(ok[ok.length - 1]), failures);
        }

        private static long percentile(long[] sorted, int p) {
            if (sorted.length == 0) {
                return -1;
            }
            return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
        }

        private static double millis(long nanos) {
            return nanos < 0 ? Double.NaN : nanos / 1e6;
        }
    }

    private static void print(String phase, Stats s) {
        System.out.printf(Locale.ROOT, "%-52s %6.1f s %7d %6d %9.2f %9.1f %9.1f %9.1f%n", phase, s.seconds, s.logins, s.failed, s.rate,
                s.p50, s.p99, s.max);
    }

    /** Waits until {@code end}, saying every 10 s how far the phase is. */
    private static void waitPhase(String name, Logins logins, long end) throws InterruptedException {
        long lastPrint = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            if (now - lastPrint >= 10_000_000_000L) {
                lastPrint = now;
                progress("%s: %.0f s left; %d logins, %d failed", name, seconds(end - now), logins.ok.get(), logins.failed.get());
            }
            Thread.sleep(Math.min(200, Math.max(1, (end - now) / 1_000_000)));
        }
    }

    /**
     * Flags {@code count} users of the given prefix in batches and waits until each has its email, with nothing else
     * running; returns emails/s from the last batch's answer to the last email.
     */
    private static double burstAlone(String phase, AdminApi admin, String realm, Mailbox mailbox, String prefix, int count,
            int timeoutSeconds) throws InterruptedException {
        int before = mailbox.count();
        for (int from = 0; from < count; from += MAX_SUBJECTS_PER_REQUEST) {
            List<Map<String, String>> part = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + MAX_SUBJECTS_PER_REQUEST); i++) {
                part.add(Map.of("email", UserRows.email(prefix, i)));
            }
            AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals",
                    Map.of("source", "bench-burst-" + prefix, "reason", "credential-leak", "subjects", part));
            if (reply.status() != 201 || reply.json().path("newlyFlagged").asInt() != part.size()) {
                throw new IllegalStateException(phase + ": the batch was not applied: HTTP " + reply.status() + " "
                        + reply.body().substring(0, Math.min(400, reply.body().length())));
            }
        }
        long applied = System.nanoTime();
        long deadline = applied + timeoutSeconds * 1_000_000_000L;
        long lastPrint = applied;
        while (mailbox.count() - before < count) {
            long now = System.nanoTime();
            if (now >= deadline) {
                throw new IllegalStateException(phase + ": " + (mailbox.count() - before) + " of " + count + " emails after "
                        + timeoutSeconds + " s");
            }
            if (now - lastPrint >= 5_000_000_000L) {
                lastPrint = now;
                int done = mailbox.count() - before;
                double rate = done / Math.max(0.001, seconds(now - applied));
                progress("%s: %d/%d emails delivered, %.0f/s, %s left", phase, done, count, rate,
                        rate > 0 ? String.format(Locale.ROOT, "~%.0f s", (count - done) / rate) : "?");
            }
            Thread.sleep(50);
        }
        return count / Math.max(0.001, seconds(System.nanoTime() - applied));
    }

    /** The nice values of the nodes' email threads (their names start "compromised-cre" in /proc), e.g. "19 (0)". */
    private static String senderNice(List<KeycloakServer> nodes) {
        Map<String, List<String>> byNice = niceByThread(nodes);
        List<String> senders = byNice.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(n -> n.startsWith("compromised-cre")))
                .map(Map.Entry::getKey).sorted().toList();
        List<String> server = byNice.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(n -> n.startsWith("executor-thr")))
                .map(Map.Entry::getKey).sorted().toList();
        return String.join("/", senders) + " (" + String.join("/", server) + ")";
    }

    /** Each nice value in the nodes' JVMs and the threads that have it (a few names each, the email threads first). */
    private static String threadNice(List<KeycloakServer> nodes) {
        StringBuilder out = new StringBuilder();
        niceByThread(nodes).forEach((nice, names) -> out.append(out.length() == 0 ? "" : "; ").append(nice).append(": ")
                .append(names.size()).append(" threads, e.g. ").append(names.stream().sorted((a, b) -> Boolean.compare(
                        !a.startsWith("compromised-cre"), !b.startsWith("compromised-cre"))).distinct().limit(6).toList()));
        return out.toString();
    }

    private static Map<String, List<String>> niceByThread(List<KeycloakServer> nodes) {
        Map<String, List<String>> byNice = new TreeMap<>();
        threads(nodes).forEach(t -> byNice.computeIfAbsent(t.fields()[16], n -> new ArrayList<>()).add(t.name()));
        return byNice;
    }

    /** CPU seconds the nodes' JIT compiler threads have used so far. */
    private static double compilerSeconds(List<KeycloakServer> nodes) {
        long ticks = threads(nodes).stream().filter(t -> t.name().contains("CompilerThre"))
                .mapToLong(t -> Long.parseLong(t.fields()[11]) + Long.parseLong(t.fields()[12])) // utime, stime
                .sum();
        return ticks / 100.0; // USER_HZ
    }

    /**
     * The machine's CPU time so far (the first line of /proc/stat, in ticks): all of it, the part spent working, and the
     * part the hypervisor gave to other machines (steal). A difference of two says how busy a phase kept the CPUs and
     * how much of them it never had: a run whose phases lost different shares is not comparable.
     */
    private record CpuTimes(long total, long busy, long steal) {

        static CpuTimes now() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal ...
                long user = Long.parseLong(f[1]) + Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                long steal = Long.parseLong(f[8]);
                return new CpuTimes(user + system + idle + steal, user + system, steal);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read /proc/stat (this benchmark needs Linux)", e);
            }
        }

        CpuTimes minus(CpuTimes before) {
            return new CpuTimes(total - before.total, busy - before.busy, steal - before.steal);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f %% busy, %.1f %% stolen", 100.0 * busy / Math.max(1, total),
                    100.0 * steal / Math.max(1, total));
        }
    }

    /** A thread of a node's JVM: its name (15 characters at most) and the fields of its stat line after the name. */
    private record ThreadStat(String name, String[] fields) {
    }

    /** The threads of the nodes' JVMs as Linux has them (/proc/PID/task/TID/stat). */
    private static List<ThreadStat> threads(List<KeycloakServer> nodes) {
        List<ThreadStat> all = new ArrayList<>();
        for (KeycloakServer node : nodes) {
            Path tasks = Path.of("/proc", String.valueOf(node.javaPid()), "task");
            try (Stream<Path> threads = Files.list(tasks)) {
                for (Path thread : (Iterable<Path>) threads::iterator) {
                    try {
                        String stat = Files.readString(thread.resolve("stat"));
                        all.add(new ThreadStat(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                                stat.substring(stat.lastIndexOf(')') + 2).split(" ")));
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the threads of Keycloak's JVM (this benchmark needs Linux /proc)", e);
            }
        }
        return all;
    }

    private static String email(int i) {
        return UserRows.email("burst", i);
    }

    /**
     * Waits (up to a minute) until the outbox has no PENDING row left: then nothing more can be sent, so a count per
     * recipient shows every duplicate. Says what still waited if it did not settle; empty if it did.
     */
    private static String awaitOutboxSettled(KeycloakServer server) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), server.jdbcPassword());
                Statement s = c.createStatement()) {
            while (true) {
                int pending;
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM CC_OUTBOX WHERE STATE = 'PENDING'")) {
                    rs.next();
                    pending = rs.getInt(1);
                }
                if (pending == 0) {
                    return "";
                }
                if (System.nanoTime() > deadline) {
                    return "counted while " + pending + " emails were still PENDING in the outbox";
                }
                Thread.sleep(500);
            }
        }
    }

    /** The burst's mails per recipient, against the {@code emails} users it flagged: each exactly once. */
    private static Delivery countPerRecipient(List<String> recipients, int emails) {
        Map<String, Integer> perRecipient = new HashMap<>();
        recipients.forEach(r -> perRecipient.merge(r.toLowerCase(Locale.ROOT), 1, Integer::sum));
        int duplicates = 0;
        int missing = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < emails; i++) {
            String to = email(i).toLowerCase(Locale.ROOT);
            int count = perRecipient.getOrDefault(to, 0);
            if (count != 1 && examples.size() < 5) {
                examples.add(to + " x" + count);
            }
            duplicates += Math.max(0, count - 1);
            missing += count == 0 ? 1 : 0;
            perRecipient.remove(to);
        }
        int others = perRecipient.values().stream().mapToInt(Integer::intValue).sum();
        perRecipient.keySet().stream().limit(Math.max(0, 5 - examples.size())).forEach(to -> examples.add("not in the burst: " + to));
        return new Delivery(duplicates, missing, others, examples);
    }

    private static String describe(Delivery delivery) {
        return delivery.exactlyOnce() ? "each of the burst's emails arrived exactly once"
                : String.format(Locale.ROOT, "%d duplicates, %d missing, %d to others, e.g. %s", delivery.duplicates(),
                        delivery.missing(), delivery.others(), delivery.examples());
    }

    /**
     * The emails a node sent and the SMTP connections it opened since it started, from its dispatcher's debug lines
     * ("Outbox: ... N sent; C SMTP connections opened on this node so far"; none: it never had an email to send): the
     * burst's emails are the only ones. The report checks that the nodes' figures add up to the emails delivered.
     */
    /** What the node's dispatcher logged from {@code offset} on (the burst): emails sent, SMTP connections opened. */
    private static NodeSends nodeSends(Path log, long offset) {
        long sent = 0;
        long openedBefore = 0;
        long opened = -1;
        try {
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(offset, bytes.length);
            for (String line : new String(bytes, 0, from, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = DISPATCH_LINE.matcher(line);
                if (m.find()) {
                    openedBefore = Long.parseLong(m.group(2));
                }
            }
            opened = openedBefore;
            for (String line : new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = DISPATCH_LINE.matcher(line);
                if (m.find()) {
                    sent += Long.parseLong(m.group(1));
                    opened = Long.parseLong(m.group(2));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return new NodeSends(-1, -1);
        }
        return new NodeSends(sent, opened - openedBefore);
    }

    /** The outbox's rows by state, the most attempts any took, and the busiest second by SENT_AT. */
    private static String outbox(KeycloakServer server) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), server.jdbcPassword());
                Statement s = c.createStatement()) {
            Map<String, Integer> states = new LinkedHashMap<>();
            int maxAttempts = 0;
            try (ResultSet rs = s.executeQuery("SELECT STATE, COUNT(*), MAX(ATTEMPTS) FROM CC_OUTBOX GROUP BY STATE ORDER BY STATE")) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getInt(2));
                    maxAttempts = Math.max(maxAttempts, rs.getInt(3));
                }
            }
            String busiest = "-";
            try (ResultSet rs = s.executeQuery("SELECT SENT_AT / 1000, COUNT(*) FROM CC_OUTBOX WHERE STATE = 'SENT' "
                    + "GROUP BY SENT_AT / 1000 ORDER BY 2 DESC LIMIT 1")) {
                if (rs.next()) {
                    busiest = rs.getInt(2) + " sent";
                }
            }
            String spread = "-";
            try (ResultSet rs = s.executeQuery("SELECT MIN(SENT_AT), MAX(SENT_AT), COUNT(*) FROM CC_OUTBOX WHERE STATE = 'SENT'")) {
                if (rs.next() && rs.getInt(3) > 0) {
                    spread = String.format(Locale.ROOT, "%.1f s", (rs.getLong(2) - rs.getLong(1)) / 1000.0);
                }
            }
            return states + ", most attempts for one email: " + maxAttempts + ", busiest second: " + busiest
                    + ", first to last SENT_AT: " + spread;
        } catch (Exception e) {
            return "(could not read: " + e.getMessage() + ")";
        }
    }

    /** How many WARN and ERROR lines Keycloak logged after {@code offset}. */
    private static String logLevels(Path log, long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            String since = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
            long warn = since.lines().filter(l -> l.contains(" WARN ")).count();
            long error = since.lines().filter(l -> l.contains(" ERROR ")).count();
            return warn + " WARN, " + error + " ERROR lines";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String setting(JsonNode policy, String key) {
        JsonNode value = policy.path(key);
        if (value.isMissingNode()) {
            value = policy.path("settings").path(key);
        }
        return value.isMissingNode() ? "?" : value.asText();
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[burst] " + format + "%n", args);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}

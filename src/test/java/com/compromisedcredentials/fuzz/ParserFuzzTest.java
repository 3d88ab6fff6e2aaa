package com.compromisedcredentials.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

import com.compromisedcredentials.support.web.RequestRejected;
import com.compromisedcredentials.api.SignalRequestParser;
import com.compromisedcredentials.ssf.set.JwksKeySource;
import com.compromisedcredentials.ssf.set.SetRejected;
import com.compromisedcredentials.ssf.set.SetVerifier;
import com.compromisedcredentials.ssf.TestTransmitter;
import com.compromisedcredentials.ssf.TransmitterConfig;
import com.compromisedcredentials.ssf.admin.TransmitterConfigParser;
import org.junit.jupiter.api.Test;

/**
 * Bounded-time fuzzing of every parser that reads outside input: the intake JSON, the transmitter
 * configuration and Security Event Tokens. Each input must be accepted or refused with the parser's own
 * error (a clear 4xx), never crash with anything else (a 500). Seeded: {@code -Dfuzz.seed}, and
 * {@code -Dfuzz.seconds} per target (default 5) for longer runs. Not vacuous: each target counts the inputs it
 * tried and those its parser accepted, and fails below a minimum of inputs; every {@value #INTACT_EVERY}th input is a
 * seed as it is, which must be accepted; and the intake, whose near-valid mutations are often valid, must accept a
 * minimum of mutated requests (a parser that refused everything, or a run cut short, would prove nothing).
 */
class ParserFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261126L);
    private static final long NANOS = Long.getLong("fuzz.seconds", 5L) * 1_000_000_000L;
    /** Every this many inputs, a seed as it is: the parser must accept each (no mutation ever broke it for the next). */
    private static final int INTACT_EVERY = 100;
    private static final int MIN_RUNS = 1_000;
    private static final int MIN_RUNS_SET = 100; // a signature check each: slower
    /**
     * The intake parser accepts about 1 in 75 mutated requests of the fixed seed (the mutations keep JSON near-valid);
     * fewer than 1 in 200 is a parser that refuses what it should read.
     */
    private static final int MUTATED_PER_ACCEPTED_INTAKE = 200;

    @Test
    void intakeJsonNeverFailsOtherwiseThanWithAClearRefusal() {
        Mutator mutator = new Mutator(SEED, List.of(
                "{\"source\":\"feed\",\"reason\":\"credential-leak\",\"subjects\":[{\"email\":\"a@example.com\"},{\"username\":\"bob\"},{\"userId\":\"x-1\"}]}",
                "{\"source\":\"s\",\"reason\":\"phishing\",\"userMessage\":\"m n\",\"evidence\":\"e\",\"idempotencyKey\":\"k\",\"dryRun\":true,\"subjects\":[{\"username\":\"u\"}]}",
                "{\"reason\":\"admin\",\"userMessage\":\"x\"}"));
        SignalRequestParser parser = new SignalRequestParser();
        Counts counts = run("intake JSON", mutator, text -> {
            byte[] input = text.getBytes(StandardCharsets.UTF_8);
            boolean accepted = false;
            try {
                parser.parse(input);
                accepted = true;
            } catch (RequestRejected expected) {
                assertTrue(expected.status() == 400 || expected.status() == 413);
            } catch (RuntimeException e) {
                fail("parse crashed on " + HexFormat.of().formatHex(input) + ": " + e);
            }
            try {
                parser.parseManualFlag(input, "user-1");
                accepted = true;
            } catch (RequestRejected expected) {
                // fine
            } catch (RuntimeException e) {
                fail("parseManualFlag crashed on " + HexFormat.of().formatHex(input) + ": " + e);
            }
            return accepted;
        });
        counts.check(MIN_RUNS);
        assertTrue(counts.mutatedAccepted() >= counts.mutated() / MUTATED_PER_ACCEPTED_INTAKE, "only " + counts.mutatedAccepted()
                + " mutated requests accepted (at least 1 in " + MUTATED_PER_ACCEPTED_INTAKE + "): " + counts);
    }

    @Test
    void transmitterConfigurationNeverCrashes() {
        Mutator mutator = new Mutator(SEED, List.of(
                "{\"issuer\":\"https://tx.example.com\",\"jwksUri\":\"https://tx.example.com/jwks\",\"audience\":\"https://idp\",\"delivery\":\"push\",\"pushBearerToken\":\"push-token-0123456789\"}",
                "{\"issuer\":\"https://tx\",\"jwks\":{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"7tBEtXeNZbKU-GNjODnsL6dYY0Uz2kUOnZsVD_SWijM\",\"y\":\"q9HQUF2hyXs_xII_J25r7RCGGo5hSDkV9-LIzeMew4I\"}]},\"audience\":\"a\",\"delivery\":\"poll\",\"pollEndpoint\":\"https://tx/poll\",\"pollBearerToken\":\"poll-token-0123456789\",\"clockSkewSeconds\":60}"));
        TransmitterConfigParser parser = new TransmitterConfigParser();
        Counts counts = run("transmitter configuration", mutator, input -> {
            try {
                parser.parse(input);
                return true;
            } catch (RequestRejected expected) {
                return false;
            } catch (RuntimeException e) {
                fail("transmitter config crashed on " + input + ": " + e);
                return false;
            }
        });
        counts.check(MIN_RUNS);
    }

    @Test
    void securityEventTokensNeverCrashTheVerifier() throws Exception {
        try (TestTransmitter tx = TestTransmitter.start("https://transmitter.example.com")) {
            TransmitterConfig config = new TransmitterConfigParser().parse("""
                    {"issuer":"https://transmitter.example.com","jwks":%s,"audience":"https://idp","delivery":"push"}"""
                    .formatted(tx.jwksJson()));
            SetVerifier verifier = new SetVerifier(config, JwksKeySource.ofStatic(config.jwks()));
            List<String> seeds = List.of(tx.validSet("https://idp", "alice@example.com"),
                    tx.set().audience("https://idp").credentialCompromise("bob@example.com").sign());
            Mutator mutator = new Mutator(SEED, seeds);
            Counts counts = run("Security Event Tokens", mutator, token -> {
                try {
                    verifier.verify(token);
                    return true;
                } catch (SetRejected expected) {
                    return false;
                } catch (RuntimeException e) {
                    fail("verify crashed on " + token + ": " + e);
                    return false;
                }
            });
            counts.check(MIN_RUNS_SET);
        }
    }

    /** How many inputs a target tried and its parser accepted: mutated ones, and seeds as they are. */
    private record Counts(String target, int mutated, int mutatedAccepted, int intact, int intactAccepted) {
        void check(int minRuns) {
            System.out.println("[fuzz] " + this);
            assertTrue(mutated + intact >= minRuns, "only " + (mutated + intact) + " inputs in the time given (at least " + minRuns + "): " + this);
            assertTrue(intact >= minRuns / INTACT_EVERY, "too few seeds tried: " + this);
            assertEquals(intact, intactAccepted, "every seed as it is must be accepted, also after the mutated inputs before it: " + this);
        }
    }

    /**
     * Runs {@code accepts} (whether the parser accepted the input; it fails the test on a crash) until the time is up,
     * on mutated inputs and, every {@value #INTACT_EVERY}th, on a seed as it is.
     */
    private static Counts run(String target, Mutator mutator, Predicate<String> accepts) {
        long end = System.nanoTime() + NANOS;
        int mutated = 0;
        int mutatedAccepted = 0;
        int intact = 0;
        int intactAccepted = 0;
        for (int n = 1; System.nanoTime() < end; n++) {
            if (n % INTACT_EVERY == 0) {
                intact++;
                intactAccepted += accepts.test(mutator.intact(intact)) ? 1 : 0;
            } else {
                mutated++;
                mutatedAccepted += accepts.test(mutator.nextString()) ? 1 : 0;
            }
        }
        return new Counts(target, mutated, mutatedAccepted, intact, intactAccepted);
    }
}

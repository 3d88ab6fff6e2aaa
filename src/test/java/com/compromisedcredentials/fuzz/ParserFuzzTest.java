package com.compromisedcredentials.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HexFormat;
import java.util.List;

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
 * {@code -Dfuzz.seconds} per target (default 5) for longer runs.
 */
class ParserFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261126L);
    private static final long NANOS = Long.getLong("fuzz.seconds", 5L) * 1_000_000_000L;

    @Test
    void intakeJsonNeverFailsOtherwiseThanWithAClearRefusal() {
        Mutator mutator = new Mutator(SEED, List.of(
                "{\"source\":\"feed\",\"reason\":\"credential-leak\",\"subjects\":[{\"email\":\"a@example.com\"},{\"username\":\"bob\"},{\"userId\":\"x-1\"}]}",
                "{\"source\":\"s\",\"reason\":\"phishing\",\"userMessage\":\"m\\nn\",\"evidence\":\"e\",\"idempotencyKey\":\"k\",\"dryRun\":true,\"subjects\":[{\"username\":\"u\"}]}",
                "{\"reason\":\"admin\",\"userMessage\":\"x\"}"));
        SignalRequestParser parser = new SignalRequestParser();
        int runs = run(() -> {
            byte[] input = mutator.next();
            try {
                parser.parse(input);
            } catch (RequestRejected expected) {
                assertTrue(expected.status() == 400 || expected.status() == 413);
            } catch (RuntimeException e) {
                fail("parse crashed on " + HexFormat.of().formatHex(input) + ": " + e);
            }
            try {
                parser.parseManualFlag(input, "user-1");
            } catch (RequestRejected expected) {
                // fine
            } catch (RuntimeException e) {
                fail("parseManualFlag crashed on " + HexFormat.of().formatHex(input) + ": " + e);
            }
        });
        assertTrue(runs > 1_000, "only " + runs + " inputs in the time given");
    }

    @Test
    void transmitterConfigurationNeverCrashes() {
        Mutator mutator = new Mutator(SEED, List.of(
                "{\"issuer\":\"https://tx.example.com\",\"jwksUri\":\"https://tx.example.com/jwks\",\"audience\":\"https://idp\",\"delivery\":\"push\",\"pushBearerToken\":\"t\"}",
                "{\"issuer\":\"https://tx\",\"jwks\":{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}]},\"audience\":\"a\",\"delivery\":\"poll\",\"pollEndpoint\":\"https://tx/poll\",\"pollBearerToken\":\"p\",\"clockSkewSeconds\":60}"));
        TransmitterConfigParser parser = new TransmitterConfigParser();
        run(() -> {
            String input = mutator.nextString();
            try {
                parser.parse(input);
            } catch (RequestRejected expected) {
                // fine
            } catch (RuntimeException e) {
                fail("transmitter config crashed on " + input + ": " + e);
            }
        });
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
            int accepted = run(() -> {
                String token = mutator.nextString();
                try {
                    verifier.verify(token);
                } catch (SetRejected expected) {
                    // fine
                } catch (RuntimeException e) {
                    fail("verify crashed on " + token + ": " + e);
                }
            });
            assertTrue(accepted > 100);
        }
    }

    /** Runs {@code body} until the time is up; returns how many times. */
    private static int run(Runnable body) {
        long end = System.nanoTime() + NANOS;
        int n = 0;
        while (System.nanoTime() < end) {
            body.run();
            n++;
        }
        return n;
    }
}

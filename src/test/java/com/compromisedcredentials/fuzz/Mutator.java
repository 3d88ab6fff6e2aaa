package com.compromisedcredentials.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Deterministic input mutation for fuzzing (seeded, so a failure can be replayed): byte flips, insertions,
 * deletions, truncation, splices between seeds, and JSON-aware token swaps that keep inputs near-valid,
 * where parsers have their edge cases.
 */
public final class Mutator {

    private static final List<String> TOKENS = List.of("null", "true", "false", "0", "-1", "1e309", "\"\"", "[]", "{}",
            "\"\\u0000\"", "\"\\ud800\"", "9999999999999999999999", "\"credential-leak\"", "\"email\"", "\"userId\"",
            "{\"email\":\"a@b\"}", "[{\"username\":\"fz01\"}]", ",", ":", "\"", "{", "}", "[", "]", "\\", "\u00e9", "\uFEFF");

    private final Random random;
    private final List<byte[]> seeds;

    public Mutator(long seed, List<String> seeds) {
        this.random = new Random(seed);
        this.seeds = seeds.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public byte[] next() {
        byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            input = mutate(input);
        }
        return input;
    }

    public String nextString() {
        return new String(next(), StandardCharsets.UTF_8);
    }

    /** The seeds as they are, in turn: valid input, which a parser must still accept amid the mutated. */
    public String intact(int n) {
        return new String(seeds.get(n % seeds.size()), StandardCharsets.UTF_8);
    }

    private byte[] mutate(byte[] in) {
        if (in.length == 0) {
            return TOKENS.get(random.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8);
        }
        int at = random.nextInt(in.length);
        return switch (random.nextInt(7)) {
            case 0 -> { // flip a bit
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
                yield out;
            }
            case 1 -> splice(in, at, at + 1 + random.nextInt(Math.min(8, in.length - at)), new byte[0]); // delete
            case 2 -> java.util.Arrays.copyOf(in, at); // truncate
            case 3 -> splice(in, at, at, TOKENS.get(random.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8));
            case 4 -> { // replace a JSON value-ish span with a token
                int end = Math.min(in.length, at + 1 + random.nextInt(12));
                yield splice(in, at, end, TOKENS.get(random.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8));
            }
            case 5 -> { // splice with another seed
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = random.nextInt(other.length);
                yield splice(in, at, in.length, java.util.Arrays.copyOfRange(other, from, other.length));
            }
            default -> { // duplicate a span
                int end = Math.min(in.length, at + 1 + random.nextInt(16));
                yield splice(in, end, end, java.util.Arrays.copyOfRange(in, at, end));
            }
        };
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[from + insert.length + (in.length - to)];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }
}

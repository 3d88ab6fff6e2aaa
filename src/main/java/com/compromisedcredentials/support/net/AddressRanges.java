package com.compromisedcredentials.support.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A set of addresses and networks (CIDR), answering "is this address in it, and by which entry" with a binary
 * search. Built from text with one entry per line or separated by commas, as threat-intel lists are published:
 * {@code 203.0.113.7}, {@code 198.51.100.0/24}, {@code 2001:db8::/32}; anything after {@code #} or {@code ;} is a
 * comment, and only the first word of a line counts (so {@code 192.0.2.0/24 ; SBL123} works). Host bits set in an
 * entry ({@code 192.0.2.7/24}) are cleared. An entry inside another is dropped, so that the kept entries are
 * disjoint and each match names an entry as it was written.
 */
public final class AddressRanges {

    /** One entry: its network, prefix length and its canonical text. */
    public record Entry(ClientAddress network, int prefix, String text) {
        ClientAddress last() {
            return network.broadcast(prefix);
        }
    }

    /** The outcome of reading a list: the ranges, lines that were not addresses, and whether entries were cut off. */
    public record Parsed(AddressRanges ranges, int invalid, List<String> invalidSamples, boolean truncated) {
    }

    private static final AddressRanges EMPTY = new AddressRanges(List.of());

    private final List<Entry> entries;
    private final ClientAddress[] starts;
    private final ClientAddress[] ends;

    private AddressRanges(List<Entry> disjointSorted) {
        this.entries = List.copyOf(disjointSorted);
        this.starts = new ClientAddress[entries.size()];
        this.ends = new ClientAddress[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            starts[i] = entries.get(i).network();
            ends[i] = entries.get(i).last();
        }
    }

    public static AddressRanges empty() {
        return EMPTY;
    }

    /** Reads a list; at most {@code maxEntries} entries are kept (the rest count as truncated). */
    public static Parsed parse(String text, int maxEntries) {
        List<Entry> read = new ArrayList<>();
        List<String> invalidSamples = new ArrayList<>();
        int invalid = 0;
        boolean truncated = false;
        for (String line : text.split("[\\r\\n,]+")) {
            String token = firstToken(line);
            if (token.isEmpty()) {
                continue;
            }
            Optional<Entry> entry = entry(token);
            if (entry.isEmpty()) {
                invalid++;
                if (invalidSamples.size() < 3) {
                    invalidSamples.add(token.length() > 50 ? token.substring(0, 50) + "..." : token);
                }
            } else if (read.size() >= maxEntries) {
                truncated = true;
            } else {
                read.add(entry.get());
            }
        }
        return new Parsed(of(read), invalid, List.copyOf(invalidSamples), truncated);
    }

    /** The ranges of already valid entries. */
    public static AddressRanges of(List<Entry> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        List<Entry> sorted = new ArrayList<>(entries);
        // by first address, the wider network first, so that a nested entry follows the one containing it
        sorted.sort(Comparator.<Entry, ClientAddress>comparing(Entry::network, ClientAddress::compareTo)
                .thenComparingInt(Entry::prefix));
        List<Entry> kept = new ArrayList<>();
        ClientAddress reach = null;
        for (Entry e : sorted) {
            if (reach != null && reach.isV4() == e.network().isV4() && e.last().compareTo(reach) <= 0) {
                continue; // inside the previous entry
            }
            kept.add(e);
            reach = e.last();
        }
        return new AddressRanges(kept);
    }

    /** One entry as an admin or a list writes it, or empty if it is neither an address nor a network. */
    public static Optional<Entry> entry(String token) {
        String t = token.trim();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        Optional<ClientAddress> parsed = ClientAddress.parse(address);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        ClientAddress a = parsed.get();
        int prefix = a.bits();
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
            if (prefix > a.bits()) {
                return Optional.empty();
            }
        }
        ClientAddress network = a.network(prefix);
        String text = prefix == a.bits() ? network.toString() : network + "/" + prefix;
        return Optional.of(new Entry(network, prefix, text));
    }

    private static String firstToken(String line) {
        String s = line;
        int comment = indexOfAny(s, '#', ';');
        if (comment >= 0) {
            s = s.substring(0, comment);
        }
        s = s.trim();
        int space = 0;
        while (space < s.length() && !Character.isWhitespace(s.charAt(space))) {
            space++;
        }
        return s.substring(0, space);
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    /** The entry containing {@code address}, if any. */
    public Optional<Entry> match(ClientAddress address) {
        int low = 0;
        int high = starts.length - 1;
        int candidate = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (starts[mid].compareTo(address) <= 0) {
                candidate = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (candidate >= 0 && starts[candidate].isV4() == address.isV4() && address.compareTo(ends[candidate]) <= 0) {
            return Optional.of(entries.get(candidate));
        }
        return Optional.empty();
    }

    public boolean contains(ClientAddress address) {
        return match(address).isPresent();
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The kept entries, one per line, in address order: the form a list's last good copy is stored in. */
    public String toText() {
        StringBuilder out = new StringBuilder(entries.size() * 16);
        for (Entry e : entries) {
            out.append(e.text()).append('\n');
        }
        return out.toString();
    }
}

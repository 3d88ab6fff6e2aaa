package com.compromisedcredentials.loginsignal;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import com.compromisedcredentials.support.net.AddressRanges;
import com.compromisedcredentials.support.net.BoundedHttp;
import com.compromisedcredentials.support.net.ListSource;

/**
 * Reads one address list: a URL within a deadline and a size cap, never following redirects; or a file inside the
 * server's list folder (a realm admin cannot make the server read anything else). The text is parsed at once, and a
 * list that came back without a single address but with lines that are not addresses (an error page, a login page)
 * is a failure, so that the last good copy stays.
 */
final class AddressListFetcher {

    /** A list read and parsed. */
    record Fetched(AddressRanges ranges, int invalid, boolean truncated) {
    }

    /** Why a list could not be read; the message is a fixed text, safe to show an admin (no query string, no content). */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private final BoundedHttp http;
    private final Duration timeout;
    private final int maxBytes;
    private final int maxEntries;
    private final Path directory;

    AddressListFetcher(BoundedHttp http, Duration timeout, int maxBytes, int maxEntries, Path directory) {
        this.http = http;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
        this.directory = directory;
    }

    Fetched fetch(ListSource source) throws Unavailable {
        String text = source.isFile() ? readFile(source.file()) : download(source);
        AddressRanges.Parsed parsed = AddressRanges.parse(text, maxEntries);
        if (parsed.ranges().isEmpty() && parsed.invalid() > 0) {
            throw new Unavailable("no address in the list, " + parsed.invalid() + " lines that are not addresses");
        }
        return new Fetched(parsed.ranges(), parsed.invalid(), parsed.truncated());
    }

    private String download(ListSource source) throws Unavailable {
        HttpRequest request = HttpRequest.newBuilder(source.uri())
                .timeout(timeout)
                .header("Accept", "text/plain, */*;q=0.5")
                .GET()
                .build();
        BoundedHttp.Response response;
        try {
            response = http.exchange(request, maxBytes, timeout);
        } catch (IOException e) {
            throw new Unavailable(BoundedHttp.describe(e));
        }
        if (response.status() != 200) {
            throw new Unavailable(BoundedHttp.describeStatus(response.status()));
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private String readFile(Path file) throws Unavailable {
        if (directory == null) {
            throw new Unavailable("file sources are off: the server option login-signals-list-directory is not set");
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(directory.toRealPath())) {
                throw new Unavailable("not inside the server's list folder (login-signals-list-directory)");
            }
            if (Files.size(real) > maxBytes) {
                throw new Unavailable("larger than " + maxBytes + " bytes");
            }
            return Files.readString(real, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Unavailable("no such file");
        } catch (IOException e) {
            throw new Unavailable(e.getClass().getSimpleName());
        }
    }
}

package com.compromisedcredentials.support.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP exchanges with remote parties (a transmitter, an address-list feed, the breach range API), bounded in where,
 * how long and how much: the host must resolve to addresses {@link OutboundAddresses} allows (checked before every
 * request); the whole exchange, body included, must finish within the deadline (a server that drips its body slowly
 * cannot hold a Keycloak thread); a body larger than the cap is abandoned. Redirects are never followed, so a
 * configured URL cannot be bounced elsewhere. Share one per use per server: its client owns a thread.
 */
public final class BoundedHttp {

    /** What came back. */
    public record Response(int status, byte[] body) {
    }

    /** The body passed the size cap. */
    public static final class TooLarge extends IOException {
        TooLarge(int maxBytes) {
            super("response body larger than " + maxBytes + " bytes");
        }
    }

    private final HttpClient client;
    private final OutboundAddresses addresses;

    private BoundedHttp(HttpClient client, OutboundAddresses addresses) {
        this.client = client;
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    /** A client with this connect timeout that never follows redirects and only reaches the addresses allowed. */
    public static BoundedHttp newClient(Duration connectTimeout, OutboundAddresses addresses) {
        return new BoundedHttp(HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), addresses);
    }

    /**
     * @throws AddressRefused   if the host resolves to an address that is not allowed (nothing was sent)
     * @throws HttpTimeoutException if the whole response did not arrive within the deadline
     * @throws TooLarge         if the body passed {@code maxBytes}
     */
    public Response exchange(HttpRequest request, int maxBytes, Duration deadline) throws IOException {
        addresses.check(request.uri());
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> new Limited(maxBytes));
        try {
            HttpResponse<byte[]> response = future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete response within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "request failed" : cause.getClass().getSimpleName(), cause);
        }
    }

    /**
     * A fixed description of a failed exchange, safe to store, show an admin and log: it never carries text that
     * came from the remote party or the network.
     */
    public static String describe(IOException e) {
        if (e instanceof AddressRefused || e instanceof TooLarge) {
            return e.getMessage();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "could not connect in time";
        }
        if (e instanceof HttpTimeoutException) {
            return "no complete response in time";
        }
        if (e instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        if (e instanceof InterruptedIOException) {
            return "interrupted";
        }
        return "request failed (" + e.getClass().getSimpleName() + ")";
    }

    /** A fixed description of an answer with an unexpected status: the status only, never the body. */
    public static String describeStatus(int status) {
        return "HTTP status " + status;
    }

    /** Collects the body, failing once it passes the cap. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final int maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Limited(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge(maxBytes));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}

package com.compromisedcredentials.support.net;

import java.io.IOException;

/** An outbound request not made: its host resolves to an address the server does not let requests reach. */
public final class AddressRefused extends IOException {
    public AddressRefused(String message) {
        super(message);
    }
}

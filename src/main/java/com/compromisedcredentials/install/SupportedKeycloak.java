package com.compromisedcredentials.install;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Keycloak lines this extension is tested on (26.4, 26.5, 26.7): Keycloak changes its SPIs even between minor
 * versions, so on any other one the extension says so plainly at start-up, once, instead of failing later at a login.
 */
public final class SupportedKeycloak {

    /** major.minor lines tested in CI. */
    static final List<String> TESTED = List.of("26.4", "26.5", "26.7");
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

    private SupportedKeycloak() {
    }

    /** Why {@code version} is not supported, or empty when it is one of the tested lines. */
    public static Optional<String> problem(String version) {
        Matcher m = version == null ? null : MAJOR_MINOR.matcher(version);
        if (m == null || !m.find()) {
            return Optional.of("Keycloak's version could not be read (" + version + "); this extension is tested on Keycloak "
                    + String.join(", ", TESTED));
        }
        String line = m.group(1) + "." + m.group(2);
        return TESTED.contains(line) ? Optional.empty()
                : Optional.of("Keycloak " + version + " is not a version this extension is tested on (" + String.join(", ", TESTED)
                        + "): logins, emails and the admin API may fail where Keycloak changed its SPIs. Run a tested version.");
    }
}

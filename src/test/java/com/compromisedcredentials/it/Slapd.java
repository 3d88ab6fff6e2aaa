package com.compromisedcredentials.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.BasicAttribute;
import javax.naming.directory.BasicAttributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.ModificationItem;

/**
 * A real OpenLDAP server (Debian's {@code slapd}) for one test class, started on a free loopback port with a generated
 * configuration in a folder of its own (no system service, no root DN from the machine): suffix {@link #SUFFIX}, people
 * under {@link #PEOPLE}, the manager (root DN) {@link #MANAGER_DN}, the account Keycloak binds as {@link #KEYCLOAK_DN},
 * and a password policy of the directory's own (the ppolicy overlay: {@link #MIN_LENGTH} characters at least, the last
 * three passwords refused). Fails loudly when slapd is missing.
 */
public final class Slapd implements AutoCloseable {

    public static final String SUFFIX = "dc=example,dc=org";
    public static final String PEOPLE = "ou=people," + SUFFIX;
    public static final String MANAGER_DN = "cn=manager," + SUFFIX;
    public static final String MANAGER_PASSWORD = "manager-Secret-1";
    /** The account Keycloak binds as: not the root DN, so that the directory's password policy applies to its writes. */
    public static final String KEYCLOAK_DN = "cn=keycloak," + SUFFIX;
    public static final String KEYCLOAK_PASSWORD = "keycloak-Secret-1";
    /** The directory's own password policy (ppolicy overlay): at least this many characters, ... */
    public static final int MIN_LENGTH = 12;
    private static final Path SLAPD = Path.of("/usr/sbin/slapd");

    private final Path dir;
    private final int port;
    private final Process process;

    private Slapd(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static Slapd start() {
        if (!Files.isExecutable(SLAPD)) {
            throw new IllegalStateException("The directory tests need OpenLDAP's slapd at " + SLAPD
                    + " (Debian: apt-get install slapd ldap-utils; .ci/run installs them)");
        }
        try {
            Path dir = Path.of(System.getProperty("it.workdir", "target/it")).toAbsolutePath()
                    .resolve("slapd-" + UUID.randomUUID().toString().substring(0, 8));
            Files.createDirectories(dir.resolve("db"));
            Files.writeString(dir.resolve("slapd.conf"), String.join("\n",
                    "include /etc/ldap/schema/core.schema",
                    "include /etc/ldap/schema/cosine.schema",
                    "include /etc/ldap/schema/inetorgperson.schema",
                    "include /etc/ldap/schema/nis.schema",
                    "modulepath /usr/lib/ldap",
                    "moduleload back_mdb",
                    "moduleload ppolicy",
                    "pidfile " + dir.resolve("slapd.pid"),
                    "database mdb",
                    "maxsize 104857600",
                    "suffix \"" + SUFFIX + "\"",
                    "rootdn \"" + MANAGER_DN + "\"",
                    "rootpw " + MANAGER_PASSWORD,
                    "directory " + dir.resolve("db"),
                    "dbnosync", // a test's directory: no fsync per write (the bulk loads of the benchmarks)
                    // the directory's own password policy, as an admin would set one: length and history
                    "overlay ppolicy",
                    "ppolicy_default \"cn=default,ou=policies," + SUFFIX + "\"",
                    // Keycloak's account writes passwords; people bind as themselves; everyone reads the rest
                    "access to attrs=userPassword by dn.exact=\"" + KEYCLOAK_DN + "\" write by self write by anonymous auth by * none",
                    "access to * by dn.exact=\"" + KEYCLOAK_DN + "\" write by * read",
                    ""));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            // -d 0: in the foreground, so that the test owns the process; it runs as whoever runs the tests
            Process process = new ProcessBuilder(SLAPD.toString(), "-d", "0", "-h", "ldap://127.0.0.1:" + port + "/",
                    "-f", dir.resolve("slapd.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
            Slapd slapd = new Slapd(dir, port, process);
            slapd.awaitReady();
            slapd.add(SUFFIX, attributes("objectClass", List.of("dcObject", "organization"), "dc", "example", "o", "Example"));
            slapd.add(PEOPLE, attributes("objectClass", List.of("organizationalUnit"), "ou", "people"));
            slapd.add("cn=keycloak," + SUFFIX, attributes("objectClass", List.of("organizationalRole", "simpleSecurityObject"),
                    "cn", "keycloak", "userPassword", KEYCLOAK_PASSWORD));
            slapd.add("ou=policies," + SUFFIX, attributes("objectClass", List.of("organizationalUnit"), "ou", "policies"));
            slapd.add("cn=default,ou=policies," + SUFFIX, attributes("objectClass", List.of("device", "pwdPolicy"), "cn", "default",
                    "pwdAttribute", "userPassword", "pwdMinLength", String.valueOf(MIN_LENGTH), "pwdCheckQuality", "2",
                    "pwdInHistory", "3"));
            return slapd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** Adds a person {@code uid} with this email and password (stored as given: slapd compares it at bind). */
    public void addPerson(String uid, String email, String password) {
        add("uid=" + uid + "," + PEOPLE, attributes("objectClass", List.of("inetOrgPerson", "organizationalPerson", "person"),
                "uid", uid, "cn", uid, "sn", "Tester", "givenName", uid, "mail", email, "userPassword", password));
    }

    /**
     * Adds {@code count} people {@code <prefix><i>} (i from 0), mail {@code <prefix><i>@example.org}, in parallel
     * connections; prints its progress. For benchmarks: their passwords are unusable.
     */
    public void addPeople(String prefix, int count) {
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.stream.IntStream.range(0, 4).parallel().forEach(lane -> withManager(ctx -> {
            for (int i = lane; i < count; i += 4) {
                ctx.createSubcontext("uid=" + prefix + i + "," + PEOPLE, attributes("objectClass",
                        List.of("inetOrgPerson", "organizationalPerson", "person"), "uid", prefix + i, "cn", prefix + i,
                        "sn", "Tester", "mail", prefix + i + "@example.org", "userPassword", "{SSHA}unusable-" + i)).close();
                int n = done.incrementAndGet();
                if (n % 20_000 == 0) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(java.util.Locale.ROOT, "slapd: %d of %d people added, %.0f s, about %.0f s left%n",
                            n, count, seconds, seconds / n * (count - n));
                }
            }
        }));
    }

    /**
     * The configuration of a Keycloak LDAP user federation of this directory (component config), in {@code editMode},
     * import on, no periodic sync, as an admin would set it in the console; people's ids are {@code uuidAttribute}.
     */
    public Map<String, List<String>> keycloakFederation(String editMode, String uuidAttribute) {
        Map<String, List<String>> config = new java.util.LinkedHashMap<>();
        config.put("enabled", List.of("true"));
        config.put("priority", List.of("0"));
        config.put("editMode", List.of(editMode));
        config.put("importEnabled", List.of("true"));
        config.put("syncRegistrations", List.of("false"));
        config.put("vendor", List.of("other"));
        config.put("usernameLDAPAttribute", List.of("uid"));
        config.put("rdnLDAPAttribute", List.of("uid"));
        config.put("uuidLDAPAttribute", List.of(uuidAttribute));
        config.put("userObjectClasses", List.of("inetOrgPerson, organizationalPerson"));
        config.put("connectionUrl", List.of(url()));
        config.put("usersDn", List.of(PEOPLE));
        config.put("authType", List.of("simple"));
        config.put("bindDn", List.of(KEYCLOAK_DN));
        config.put("bindCredential", List.of(KEYCLOAK_PASSWORD));
        config.put("searchScope", List.of("1"));
        config.put("pagination", List.of("false"));
        config.put("connectionPooling", List.of("false"));
        config.put("trustEmail", List.of("true"));
        config.put("fullSyncPeriod", List.of("-1"));
        config.put("changedSyncPeriod", List.of("-1"));
        config.put("cachePolicy", List.of("DEFAULT"));
        return config;
    }

    /** Changes a person's password in the directory, as the directory's own tools would. */
    public void setPassword(String uid, String password) {
        withManager(ctx -> ctx.modifyAttributes("uid=" + uid + "," + PEOPLE, new ModificationItem[] {
                new ModificationItem(DirContext.REPLACE_ATTRIBUTE, new BasicAttribute("userPassword", password))}));
    }

    /** The person's {@code pwdChangedTime} (kept by the ppolicy overlay), or null if the directory has none. */
    public String passwordChangedTime(String uid) {
        String[] value = new String[1];
        withManager(ctx -> {
            Attribute changed = ctx.getAttributes("uid=" + uid + "," + PEOPLE, new String[] {"pwdChangedTime"}).get("pwdChangedTime");
            value[0] = changed == null ? null : (String) changed.get();
        });
        return value[0];
    }

    /** Whether {@code password} is the person's password in the directory (a bind as them succeeds). */
    public boolean bindsWith(String uid, String password) {
        Hashtable<String, String> env = environment("uid=" + uid + "," + PEOPLE, password);
        try {
            new InitialDirContext(env).close();
            return true;
        } catch (javax.naming.AuthenticationException e) {
            return false;
        } catch (NamingException e) {
            throw new IllegalStateException("bind to " + url() + " failed: " + e, e);
        }
    }

    private void add(String dn, BasicAttributes attributes) {
        withManager(ctx -> ctx.createSubcontext(dn, attributes).close());
    }

    private interface DirWork {
        void run(DirContext ctx) throws NamingException;
    }

    private void withManager(DirWork work) {
        try {
            DirContext ctx = new InitialDirContext(environment(MANAGER_DN, MANAGER_PASSWORD));
            try {
                work.run(ctx);
            } finally {
                ctx.close();
            }
        } catch (NamingException e) {
            throw new IllegalStateException("LDAP operation on " + url() + " failed: " + e, e);
        }
    }

    private Hashtable<String, String> environment(String dn, String password) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url());
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, dn);
        env.put(Context.SECURITY_CREDENTIALS, password);
        return env;
    }

    private static BasicAttributes attributes(String objectClass, List<String> classes, String... pairs) {
        BasicAttributes attributes = new BasicAttributes(true);
        Attribute oc = new BasicAttribute(objectClass);
        classes.forEach(oc::add);
        attributes.put(oc);
        for (int i = 0; i < pairs.length; i += 2) {
            attributes.put(pairs[i], pairs[i + 1]);
        }
        return attributes;
    }

    private void awaitReady() throws IOException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd ended at start-up: " + Files.readString(dir.resolve("slapd.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Mailbox.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("slapd did not listen on " + port + " within 30 s");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover folder under target/it is harmless
        }
    }
}

package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.Secret;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the {@code --target} URI of a scratch PostgreSQL server:
 * {@code postgresql://user[:password]@host[:port][/database][?sslmode=require|verify-full|disable]}.
 *
 * <p>Hand-written rather than {@link java.net.URI}, whose exceptions quote the whole input, password included.
 * No message of this class contains the password.
 */
public final class AdminEndpoints {

    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_DATABASE = "postgres";

    private AdminEndpoints() {
    }

    /**
     * Parses a {@code postgresql://} or {@code postgres://} URI. User, password and database are
     * percent-decoded. {@code sslmode=require} and {@code verify-full} both mean TLS with a verified server
     * certificate (the stricter of the two, as for RDS); {@code disable} means no TLS.
     *
     * @param passwordFallback the password to use when the URI has none (e.g. PGPASSWORD, read by the caller)
     * @throws IllegalArgumentException naming what is wrong; never containing the password
     */
    public static DatabaseEndpoint parse(String uri, Optional<String> passwordFallback) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(passwordFallback, "passwordFallback");
        String rest = stripScheme(uri.strip());

        // The last '@' ends the user info: an unencoded '@', '/' or '?' in a password stays in the password.
        int at = rest.lastIndexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("target URI needs a user: postgresql://user@host[:port]/database");
        }
        String userInfo = rest.substring(0, at);
        String hostAndPath = rest.substring(at + 1);
        String query = "";
        int question = hostAndPath.indexOf('?');
        if (question >= 0) {
            query = hostAndPath.substring(question + 1);
            hostAndPath = hostAndPath.substring(0, question);
        }

        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user");
        Optional<String> password = colon < 0
                ? Optional.empty()
                : Optional.of(decode(userInfo.substring(colon + 1), "password"));
        if (user.isEmpty()) {
            throw new IllegalArgumentException("target URI needs a user: postgresql://user@host[:port]/database");
        }

        int slash = hostAndPath.indexOf('/');
        String hostPort = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
        String database = slash < 0 ? "" : decode(hostAndPath.substring(slash + 1), "database name");
        if (database.isEmpty()) {
            database = DEFAULT_DATABASE;
        }
        if (database.contains("/")) {
            throw new IllegalArgumentException("target URI: database name \"" + database + "\" contains '/'");
        }

        String host;
        String portText = "";
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("target URI: unclosed '[' in the IPv6 host");
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new IllegalArgumentException("target URI: unexpected \"" + after + "\" after the host");
            }
            portText = after.isEmpty() ? "" : after.substring(1);
        } else {
            int portColon = hostPort.lastIndexOf(':');
            host = portColon < 0 ? hostPort : hostPort.substring(0, portColon);
            portText = portColon < 0 ? "" : hostPort.substring(portColon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("target URI needs a host: postgresql://user@host[:port]/database");
        }
        if (host.contains(",")) {
            throw new IllegalArgumentException("target URI: several hosts (" + host + ") are not supported; give one");
        }
        int port = port(portText);
        boolean requireTls = sslMode(query);

        Optional<String> effectivePassword = password.filter(p -> !p.isEmpty())
                .or(() -> passwordFallback.filter(p -> !p.isEmpty()));
        return new DatabaseEndpoint(host, port, database, user, effectivePassword.map(Secret::new), requireTls);
    }

    private static String stripScheme(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        for (String scheme : new String[] {"postgresql://", "postgres://"}) {
            if (lower.startsWith(scheme)) {
                return uri.substring(scheme.length());
            }
        }
        throw new IllegalArgumentException("target must be a postgresql:// URI"
                + " (postgresql://user@host[:port]/database)");
    }

    private static int port(String text) {
        if (text.isEmpty()) {
            return DEFAULT_PORT;
        }
        if (!text.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("target URI: port \"" + text + "\" is not a number");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("target URI: port " + port + " is out of range");
        }
        return port;
    }

    private static boolean sslMode(String query) {
        boolean requireTls = false;
        if (query.isEmpty()) {
            return requireTls;
        }
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String name = decode(eq < 0 ? parameter : parameter.substring(0, eq), "parameter name");
            String value = eq < 0 ? "" : decode(parameter.substring(eq + 1), "parameter " + name);
            if (!name.equals("sslmode")) {
                // Unknown parameters might be credentials (password=...): never echo their value.
                throw new IllegalArgumentException("target URI: parameter \"" + name
                        + "\" is not supported (only sslmode)");
            }
            requireTls = switch (value) {
                case "require", "verify-full" -> true;
                case "disable" -> false;
                default -> throw new IllegalArgumentException("target URI: sslmode \"" + value
                        + "\" is not supported (require, verify-full or disable)");
            };
        }
        return requireTls;
    }

    /** Percent-decoding as in URIs ('+' stays '+'), UTF-8. {@code what} names the part, never its value. */
    private static String decode(String text, String what) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            char ch = text.charAt(i);
            if (ch == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("target URI: incomplete %-escape in the " + what);
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("target URI: invalid %-escape in the " + what);
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                byte[] utf8 = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(ch) && i + 1 < text.length()) {
                    utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
                i++;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("target URI: the " + what + " is not valid UTF-8 after %-decoding");
        }
    }
}

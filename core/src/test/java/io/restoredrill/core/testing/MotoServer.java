package io.restoredrill.core.testing;

import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The moto AWS emulator ({@code moto_server}, Python) for RDS, S3, Secrets Manager and EC2, started once per test
 * JVM on a free port and stopped when the JVM exits. Where moto is not installed, tests that need it are skipped
 * on a developer's machine but fail loudly in CI (CI=true): an emulator-less CI must not pass by skipping.
 */
public final class MotoServer {

    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCOUNT = "123456789012";
    private static URI endpoint;

    private MotoServer() {
    }

    /** The emulator's endpoint, starting it on first use. */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            endpoint = start();
        }
        return endpoint;
    }

    /** Forgets every resource (POST /moto-api/reset): each test starts from an empty account. */
    public static void reset() {
        post("/moto-api/reset", "");
    }

    /** Points an SDK client builder at the emulator with dummy credentials. */
    public static <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        return builder.endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }

    /** The URLConnection HTTP client the product uses, for builders that take one. */
    public static UrlConnectionHttpClient.Builder httpClient() {
        return UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30));
    }

    private static URI start() {
        String executable = findOnPath("moto_server");
        if (executable == null) {
            String message = "moto_server is not on PATH (install it: pip install 'moto[server]==5.2.1')";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; CI must run the AWS emulator tests, not skip them");
            }
            Assumptions.abort(message);
        }
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto", ".log");
            Process process = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.destroy();
                try {
                    process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                process.destroyForcibly();
            }));
            URI uri = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto_server exited: " + Files.readString(log));
                }
                try {
                    HttpURLConnection c = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
                    c.setConnectTimeout(200);
                    if (c.getResponseCode() > 0) {
                        return uri;
                    }
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            throw new IllegalStateException("moto_server did not start within 30 s: " + Files.readString(log));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs a JSON body to the emulator's control API, e.g. {@code /moto-api/config}. */
    public static void post(String path, String json) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint().resolve(path).toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (c.getResponseCode() >= 300) {
                throw new IllegalStateException("moto " + path + " answered " + c.getResponseCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach moto at " + endpoint, e);
        }
    }

    /**
     * One raw call to a JSON-protocol service of the emulator (e.g. KMS, which the build has no SDK client for).
     *
     * @param account the account to act in (moto's {@code x-moto-account-id}); null for {@link #ACCOUNT}
     * @return the response body
     */
    public static String call(String path, String target, String contentType, String json, String account) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint().resolve(path).toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", contentType);
            c.setRequestProperty("X-Amz-Target", target);
            c.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20261201/" + REGION.id()
                    + "/kms/aws4_request, SignedHeaders=host, Signature=0");
            if (account != null) {
                c.setRequestProperty("x-moto-account-id", account);
            }
            c.getOutputStream().write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (c.getResponseCode() >= 300) {
                throw new IllegalStateException("moto " + target + " answered " + c.getResponseCode());
            }
            try (var in = c.getInputStream()) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach moto at " + endpoint, e);
        }
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

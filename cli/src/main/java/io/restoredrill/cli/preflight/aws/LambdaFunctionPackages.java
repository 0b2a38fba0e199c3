package io.restoredrill.cli.preflight.aws;

import io.restoredrill.cli.preflight.FunctionPackages;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionCodeLocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's deployed package: Lambda GetFunction returns Code.Location, "a presigned URL that you can use to
 * download the deployment package" valid for 10 minutes
 * (https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html,
 * https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCodeLocation.html). The zip is read as a stream up to the
 * entry. The URL carries a signature and a session token in its query: it is never logged, printed or put in an
 * exception message.
 */
public final class LambdaFunctionPackages implements FunctionPackages {

    /** Opens the presigned URL (plain HTTPS GET; the URL is its own authorization). */
    @FunctionalInterface
    public interface Download {
        InputStream open(URI presignedUrl) throws IOException;

        static Download https() {
            return url -> {
                HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
                connection.setConnectTimeout((int) Duration.ofSeconds(10).toMillis());
                connection.setReadTimeout((int) Duration.ofSeconds(60).toMillis());
                int status = connection.getResponseCode();
                if (status != 200) {
                    throw new IOException("the presigned download of the package answered HTTP " + status);
                }
                return connection.getInputStream();
            };
        }
    }

    private final LambdaClient lambda;
    private final Download download;

    public LambdaFunctionPackages(LambdaClient lambda, Download download) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.download = Objects.requireNonNull(download, "download");
    }

    @Override
    public Optional<String> textEntry(String functionName, String entryName) {
        FunctionCodeLocation code = lambda.getFunction(r -> r.functionName(functionName)).code();
        if (code == null || code.location() == null) {
            throw new IllegalStateException("Lambda returned no Code.Location for " + functionName
                    + " (a container image function has no zip to look into)");
        }
        try (InputStream in = download.open(URI.create(code.location()));
             ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(entryName)) {
                    return Optional.of(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            // Not e.getMessage(): an I/O error of URLConnection may quote the URL, signature included.
            throw new UncheckedIOException("cannot download the deployment package of " + functionName + " ("
                    + e.getClass().getSimpleName() + ")", new IOException("download failed"));
        }
    }
}

package io.restoredrill.core.adapter.secrets;

import io.restoredrill.core.adapter.AwsErrors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.port.DatabaseCredentials;
import io.restoredrill.core.port.Secret;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.Objects;

/**
 * Reads a temporary instance's credentials from the secret RDS manages for it ({@code ManageMasterUserPassword}):
 * a JSON secret string {@code {"username": "...", "password": "..."}}.
 *
 * <p>No message of this class contains the secret's value: a malformed secret is described by what is missing,
 * never by quoting it, and no JSON parser exception (whose message quotes the input) is kept as a cause.
 */
public final class SecretsManagerCredentials implements DatabaseCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient secrets;

    /** @param secrets a client this adapter uses but does not own */
    public SecretsManagerCredentials(SecretsManagerClient secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    @Override
    public Credentials fromSecret(String secretArn) {
        Objects.requireNonNull(secretArn, "secretArn");
        String text;
        try {
            text = secrets.getSecretValue(request -> request.secretId(secretArn)).secretString();
        } catch (SdkException e) {
            throw new TemporaryDatabaseException("cannot read the database secret " + secretArn + ": " + AwsErrors.reason(e), e);
        }
        if (text == null) {
            throw new TemporaryDatabaseException("the database secret " + secretArn
                    + " holds no secret string (a binary secret?); expected JSON with username and password");
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // Deliberately without the cause: Jackson's message quotes the text it could not parse.
            throw new TemporaryDatabaseException("the database secret " + secretArn
                    + " is not JSON; expected {\"username\": ..., \"password\": ...} as RDS writes it");
        }
        String username = field(json, "username", secretArn);
        String password = field(json, "password", secretArn);
        return new Credentials(username, new Secret(password));
    }

    private static String field(JsonNode json, String name, String secretArn) {
        JsonNode value = json == null ? null : json.get(name);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new TemporaryDatabaseException("the database secret " + secretArn + " has no \"" + name
                    + "\" string; expected {\"username\": ..., \"password\": ...} as RDS writes it");
        }
        return value.asText();
    }
}

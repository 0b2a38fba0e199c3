package io.restoredrill.core.port;

/** Reads the credentials of a temporary instance from the secret RDS manages for it. */
public interface DatabaseCredentials {

    record Credentials(String username, Secret password) {
    }

    /**
     * @throws io.restoredrill.core.domain.TemporaryDatabaseException when the secret cannot be read; the message
     *         names the secret's ARN, never its value
     */
    Credentials fromSecret(String secretArn);
}

package io.restoredrill.core.adapter.secrets;

import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.port.DatabaseCredentials.Credentials;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against moto's Secrets Manager. */
class SecretsManagerCredentialsTest {

    private static SecretsManagerClient client;
    private SecretsManagerCredentials credentials;

    @BeforeAll
    static void startClient() {
        client = MotoServer.configure(SecretsManagerClient.builder()).httpClientBuilder(MotoServer.httpClient()).build();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @BeforeEach
    void resetMoto() {
        MotoServer.reset();
        credentials = new SecretsManagerCredentials(client);
    }

    private static String secret(String name, String value) {
        return client.createSecret(r -> r.name(name).secretString(value)).arn();
    }

    @Test
    void readsTheUsernameAndPasswordOfAnRdsManagedSecret() {
        String arn = secret("rds!db-1234", "{\"username\":\"drill_admin\",\"password\":\"s3cr3t-Pa55\"}");

        Credentials read = credentials.fromSecret(arn);

        assertThat(read.username()).isEqualTo("drill_admin");
        assertThat(read.password().value()).isEqualTo("s3cr3t-Pa55");
        assertThat(read.toString()).doesNotContain("s3cr3t-Pa55");
    }

    @Test
    void anUnknownSecretFailsNamingItsArn() {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-gone-AbCdEf";

        assertThatThrownBy(() -> credentials.fromSecret(arn))
                .isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining(arn)
                .hasMessageContaining("ResourceNotFoundException");
    }

    @Test
    void aSecretThatIsNotJsonFailsWithoutQuotingIt() {
        String arn = secret("plain", "hunter2-plain-text");

        assertThatThrownBy(() -> credentials.fromSecret(arn))
                .isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining(arn)
                .hasMessageContaining("is not JSON")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void aSecretWithoutPasswordFailsNamingTheMissingKeyAndNotTheValues() {
        String arn = secret("half", "{\"username\":\"drill_admin\",\"pass\":\"hunter2\"}");

        assertThatThrownBy(() -> credentials.fromSecret(arn))
                .isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining("no \"password\"")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
}

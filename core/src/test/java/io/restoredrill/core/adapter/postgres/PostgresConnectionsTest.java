package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresConnectionsTest {

    @Test
    void bothKindsOfConnectionNameThemselvesInTheStartUpMessage() throws SQLException {
        DatabaseEndpoint db = TestPostgres.createDatabase("connections");

        try (Connection queries = PostgresConnections.open(db);
             Connection scripts = PostgresConnections.openForScripts(db)) {
            for (Connection c : new Connection[] {queries, scripts}) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT setting, source FROM pg_settings WHERE name = 'application_name'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("restore-drill");
                    // "client": the start-up message set it; a SET after connecting, one more round trip, says "session".
                    assertThat(rs.getString(2)).isEqualTo("client");
                }
            }
        }
    }
}

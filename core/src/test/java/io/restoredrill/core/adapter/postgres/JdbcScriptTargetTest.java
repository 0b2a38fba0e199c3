package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.query;
import static org.assertj.core.api.Assertions.assertThat;

class JdbcScriptTargetTest {

    @Test
    void sortMemoryPerConnectionShrinksAsMoreConnectionsMayBuildIndexesAtOnce() throws SQLException {
        // As the server sees it, in the session the script's statements run in.
        assertThat(sortMemorySeenWith(1)).isEqualTo("256MB");
        assertThat(sortMemorySeenWith(2)).isEqualTo("256MB");
        assertThat(sortMemorySeenWith(4)).isEqualTo("128MB");
        assertThat(sortMemorySeenWith(16)).isEqualTo("64MB");
    }

    private static String sortMemorySeenWith(int connections) throws SQLException {
        DatabaseEndpoint db = TestPostgres.createDatabase("sort_memory");
        try (JdbcScriptTarget target = new JdbcScriptTarget(db, "test script", connections)) {
            target.execute("CREATE TABLE seen AS SELECT current_setting('maintenance_work_mem') AS setting", 1);
            target.finish();
        }
        return query(db, "SELECT setting FROM seen").get(0);
    }
}

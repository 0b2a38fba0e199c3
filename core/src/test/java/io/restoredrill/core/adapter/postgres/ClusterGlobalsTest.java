package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupUnusableException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a pg_dumpall script's cluster-level statements are read, and its {@code \connect} lines. */
class ClusterGlobalsTest {

    @Test
    void keepsOnlyTheAttributesEveryServerAcceptsAndNeverThePassword() {
        assertThat(ClusterGlobals.classify("ALTER ROLE shop_owner WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB"
                + " LOGIN NOREPLICATION NOBYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:abc=:def='"))
                .contains(new ClusterGlobals.AlterRole("shop_owner",
                        List.of("INHERIT", "NOCREATEROLE", "NOCREATEDB", "LOGIN")));
        assertThat(ClusterGlobals.classify("ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN"
                + " REPLICATION BYPASSRLS CONNECTION LIMIT 5 VALID UNTIL '2030-01-01'"))
                .contains(new ClusterGlobals.AlterRole("postgres",
                        List.of("INHERIT", "CREATEROLE", "CREATEDB", "LOGIN", "CONNECTION LIMIT 5")));
        assertThat(ClusterGlobals.alterRole("we\"ird", List.of("LOGIN")))
                .isEqualTo("ALTER ROLE \"we\"\"ird\" WITH LOGIN");
    }

    @Test
    void readsRoleNamesQuotedOrNot() {
        assertThat(ClusterGlobals.classify("CREATE ROLE \"Mixed \"\"Case\"\"\""))
                .contains(new ClusterGlobals.CreateRole("Mixed \"Case\"", List.of()));
        assertThat(ClusterGlobals.classify("CREATE USER app PASSWORD 'x'"))
                .contains(new ClusterGlobals.CreateRole("app", List.of("LOGIN")));
    }

    @Test
    void skipsRoleSettingsCommentsDropsAndTablespaces() {
        assertThat(ClusterGlobals.classify("ALTER ROLE app SET search_path TO app, public"))
                .containsInstanceOf(ClusterGlobals.Skipped.class);
        assertThat(ClusterGlobals.classify("DROP ROLE IF EXISTS app")).containsInstanceOf(ClusterGlobals.Skipped.class);
        assertThat(ClusterGlobals.classify("COMMENT ON ROLE app IS 'the app'"))
                .containsInstanceOf(ClusterGlobals.Skipped.class);
        assertThat(ClusterGlobals.classify("CREATE TABLESPACE fast OWNER postgres LOCATION '/mnt/fast'"))
                .containsInstanceOf(ClusterGlobals.Skipped.class);
        assertThat(ClusterGlobals.classify("ALTER TABLESPACE fast SET (random_page_cost = 1)"))
                .containsInstanceOf(ClusterGlobals.Skipped.class);
    }

    @Test
    void leavesTheDatabasesOwnStatementsAlone() {
        assertThat(ClusterGlobals.classify("CREATE USER MAPPING FOR app SERVER files")).isEmpty();
        assertThat(ClusterGlobals.classify("CREATE TABLE roles (id int)")).isEmpty();
        assertThat(ClusterGlobals.classify("ALTER TABLE shop.orders ADD CONSTRAINT c CHECK (id > 0)")).isEmpty();
    }

    @Test
    void readsTheDatabaseOfEachConnectFormPgDumpWrites() {
        assertThat(PsqlConnect.database(" shop", "d.sql", 1)).isEqualTo("shop");
        assertThat(PsqlConnect.database(" \"Shop\"", "d.sql", 1)).isEqualTo("Shop");
        assertThat(PsqlConnect.database(" -reuse-previous=on \"dbname='my \\'odd\\' db'\"", "d.sql", 1))
                .isEqualTo("my 'odd' db");
        assertThat(PsqlConnect.database(" -reuse-previous=on \"dbname='say \"\"hi\"\"'\"", "d.sql", 1))
                .isEqualTo("say \"hi\"");
        assertThatThrownBy(() -> PsqlConnect.database(" \"unterminated", "d.sql", 7))
                .isInstanceOf(BackupUnusableException.class).hasMessageContaining("d.sql is corrupt")
                .hasMessageContaining("line 7");
    }
}

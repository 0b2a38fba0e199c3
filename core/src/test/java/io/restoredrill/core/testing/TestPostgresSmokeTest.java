package io.restoredrill.core.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TestPostgresSmokeTest {

    @Test
    void pgDumpDumpsAnEmbeddedDatabase(@TempDir Path dir) throws Exception {
        var db = TestPostgres.createDatabase("smoke");
        TestPostgres.execute(db, "CREATE TABLE t (id int)", "INSERT INTO t VALUES (1), (2)");
        Path dump = PgDump.plain(db, dir.resolve("smoke.sql"));
        assertThat(Files.readString(dump)).contains("COPY public.t (id) FROM stdin;").contains("Dumped from database version 15");
    }
}

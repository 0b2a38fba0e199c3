package io.restoredrill.core.adapter.config;

import io.restoredrill.core.domain.Expectation;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ProofSettings;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.domain.SchemaObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ChecksFileTest {

    @TempDir
    Path dir;

    private Path file;

    @Test
    void readsChecksWithExpectationsAndTimeoutsInFileOrder() throws IOException {
        List<HealthCheck> checks = ChecksFile.read(write("""
                # restore-drill health checks
                checks:
                  - name: accounts-complete
                    sql: SELECT count(*) FROM pgbench_accounts
                    expect: ">= 2000000"
                  - name: newest-order-recent
                    sql: SELECT extract(epoch FROM now() - max(created_at)) / 3600 FROM orders
                    expect: "<= 26"
                    timeout: 60s
                  - name: balance-plausible
                    sql: |
                      SELECT sum(abbalance)
                        FROM pgbench_accounts
                    expect: between -1000 and 1000.5
                    timeout: 1h30m
                  - name: can-read-history
                    sql: SELECT 1 FROM pgbench_history LIMIT 1
                    timeout: 500ms
                """));

        assertThat(checks).containsExactly(
                new HealthCheck("accounts-complete", "SELECT count(*) FROM pgbench_accounts",
                        Optional.of(new Expectation.Comparison(Expectation.Operator.GE, new BigDecimal("2000000"))),
                        HealthCheck.DEFAULT_TIMEOUT),
                new HealthCheck("newest-order-recent",
                        "SELECT extract(epoch FROM now() - max(created_at)) / 3600 FROM orders",
                        Optional.of(new Expectation.Comparison(Expectation.Operator.LE, new BigDecimal("26"))),
                        Duration.ofSeconds(60)),
                new HealthCheck("balance-plausible", "SELECT sum(abbalance)\n  FROM pgbench_accounts\n",
                        Optional.of(new Expectation.Between(new BigDecimal("-1000"), new BigDecimal("1000.5"))),
                        Duration.ofMinutes(90)),
                new HealthCheck("can-read-history", "SELECT 1 FROM pgbench_history LIMIT 1",
                        Optional.empty(), Duration.ofMillis(500)));
    }

    @Test
    void readsUnquotedExpectationsThatYamlLeavesAsText() throws IOException {
        List<HealthCheck> checks = ChecksFile.read(write("""
                checks:
                  - {name: one, sql: SELECT 1, expect: = 1, timeout: PT2M}
                  - name: two
                    sql: SELECT 2
                    expect: < 0
                """));

        assertThat(checks).extracting(c -> c.expect().orElseThrow().text()).containsExactly("= 1", "< 0");
        assertThat(checks.get(0).timeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void readsTheDatabaseACheckRunsIn() {
        var checks = ChecksFile.parse("checks:\n  - name: items\n    database: inventory\n    sql: SELECT 1\n"
                + "  - name: plain\n    sql: SELECT 1\n", "--checks inline");
        assertThat(checks).extracting(c -> c.database().orElse("-")).containsExactly("inventory", "-");
    }

    @Test
    void rejectsABlankDatabase() {
        assertThatThrownBy(() -> ChecksFile.parse("checks:\n  - name: items\n    database: ' '\n    sql: SELECT 1\n",
                "--checks inline"))
                .isInstanceOf(io.restoredrill.core.domain.InvalidConfigurationException.class)
                .hasMessageContaining("\"database\" is blank");
    }

    @Test
    void parseNamesTheGivenOriginInItsMessages() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ChecksFile.parse("checks:\n  - name: x\n", "--checks inline"));

        assertThat(e).hasMessageStartingWith("--checks inline: check \"x\": ");
    }

    @Test
    void rejectsAMissingFile() {
        Path missing = dir.resolve("nope.yaml");

        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> ChecksFile.read(missing)))
                .hasMessage("checks file " + missing + " does not exist");
    }

    @Test
    void rejectsAFileThatCannotBeRead() {
        // A directory stands in for an unreadable file: permission bits do not stop root, who runs CI here.
        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> ChecksFile.read(dir)))
                .hasMessageStartingWith("checks file " + dir + " cannot be read");
    }

    @Test
    void rejectsBadYamlSyntaxWithLineAndColumn() throws IOException {
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: a
                    sql: SELECT 1
                   expect: = 1
                """);

        assertThat(e).hasMessageStartingWith(file + ": invalid YAML at line 4, column ");
    }

    @Test
    void rejectsAnUnquotedGreaterThanAsYamlSyntaxAtItsLine() throws IOException {
        // In YAML a plain ">" starts a folded block: the one mistake users make most with expectations.
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: a
                    sql: SELECT 1
                    expect: >= 5
                """);

        assertThat(e).hasMessageStartingWith(file + ": invalid YAML at line 4, column ")
                .hasMessageContaining("quote expectations in YAML");
    }

    @Test
    void rejectsAnUnquotedNotEqualsThatYamlTookForATagWithAHintToQuoteIt() throws IOException {
        // Unquoted, "!=" is a YAML tag and the value reaching us is just "0".
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: a
                    sql: SELECT 1
                    expect: != 0
                """);

        assertThat(e).hasMessageStartingWith(file + ": check \"a\": expect \"0\" is not of the form")
                .hasMessageContaining("quote expectations in YAML, e.g. expect: \"!= 0\"");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        assertThat(rejection("")).hasMessage(file + ": the file is empty");
        assertThat(rejection("# only a comment\n\n")).hasMessage(file + ": the file is empty");
    }

    @Test
    void rejectsATopLevelThatIsNotAMapping() throws IOException {
        assertThat(rejection("- name: a\n  sql: SELECT 1\n"))
                .hasMessage(file + ": the top level must be a mapping of keys to values, found a list");
    }

    @Test
    void rejectsAnUnknownTopLevelKeyListingTheAllowedOnes() throws IOException {
        InvalidConfigurationException e = rejection("""
                check:
                  - name: a
                    sql: SELECT 1
                """);

        assertThat(e).hasMessage(file + ": top level: unknown key \"check\" (allowed keys: checks, proofs, tables, objectives)");
    }

    @Test
    void rejectsAFileWithoutChecks() throws IOException {
        assertThat(rejection("checks:\n")).hasMessageStartingWith(file + ": \"checks\" must be a list of checks")
                .hasMessageEndingWith("found nothing");
        assertThat(rejection("checks: SELECT 1\n")).hasMessageStartingWith(file + ": \"checks\" must be a list")
                .hasMessageEndingWith("found text");
        assertThat(rejection("checks: {name: a, sql: SELECT 1}\n")).hasMessageEndingWith("found a mapping");
        assertThat(rejection("checks: []\n")).hasMessageStartingWith(file + ": \"checks\" is empty");
    }

    @Test
    void rejectsATopLevelMappingWithoutTheChecksKey() throws IOException {
        assertThat(rejection("{}\n")).hasMessage(file + ": \"checks\" is missing: list the checks under it");
    }

    @Test
    void rejectsACheckThatIsNotAMapping() throws IOException {
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: a
                    sql: SELECT 1
                  - SELECT 2
                """);

        assertThat(e).hasMessage(file + ": check #2: must be a mapping with the keys name, sql, expect, timeout,"
                + " database, found text");
    }

    @Test
    void rejectsAnUnknownKeyInANamedCheckNamingKeyCheckAndAllowedKeys() throws IOException {
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: orders
                    sql: SELECT count(*) FROM orders
                    expected: ">= 1"
                """);

        assertThat(e).hasMessage(file + ": check \"orders\": unknown key \"expected\""
                + " (allowed keys: name, sql, expect, timeout, database)");
    }

    @Test
    void rejectsAnUnknownKeyInAnUnnamedCheckNamingItsPosition() throws IOException {
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: a
                    sql: SELECT 1
                  - nmae: b
                    sql: SELECT 2
                """);

        assertThat(e).hasMessage(file + ": check #2: unknown key \"nmae\" (allowed keys: name, sql, expect, timeout, database)");
    }

    @Test
    void rejectsACheckWithoutName() throws IOException {
        assertThat(rejection("""
                checks:
                  - name: a
                    sql: SELECT 1
                  - sql: SELECT 2
                """)).hasMessage(file + ": check #2: has no name; every check needs a unique \"name\"");
        assertThat(rejection("""
                checks:
                  - name: "  "
                    sql: SELECT 1
                """)).hasMessageStartingWith(file + ": check #1: has no name");
    }

    @Test
    void rejectsACheckWithoutSql() throws IOException {
        assertThat(rejection("""
                checks:
                  - name: orders
                    expect: ">= 1"
                """)).hasMessage(file + ": check \"orders\": \"sql\" is missing or blank");
        assertThat(rejection("""
                checks:
                  - name: orders
                    sql: "   "
                """)).hasMessage(file + ": check \"orders\": \"sql\" is missing or blank");
    }

    @Test
    void rejectsSqlThatIsNotASingleValue() throws IOException {
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: orders
                    sql:
                      - SELECT 1
                      - SELECT 2
                """);

        assertThat(e).hasMessage(file + ": check \"orders\": \"sql\" must be a single value (text or a number),"
                + " found a list");
    }

    @Test
    void rejectsAKeyGivenWithoutValue() throws IOException {
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: orders
                    sql: SELECT 1
                    expect:
                """);

        assertThat(e).hasMessage(file + ": check \"orders\": \"expect\" has no value; give one or leave the key out");
    }

    @Test
    void rejectsAKeyGivenTwiceInOneCheck() throws IOException {
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: orders
                    sql: SELECT 1
                    sql: SELECT 2
                """);

        assertThat(e).hasMessageStartingWith(file + ": invalid YAML at line 4, column ")
                .hasMessageContaining("sql");
    }

    @Test
    void rejectsDuplicateCheckNames() throws IOException {
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: orders
                    sql: SELECT 1
                  - name: accounts
                    sql: SELECT 2
                  - name: orders
                    sql: SELECT 3
                """);

        assertThat(e).hasMessage(file + ": check \"orders\": duplicate name: checks #1 and #3 are both called"
                + " \"orders\"; names must be unique");
    }

    @Test
    void rejectsABadExpectationWithTheExpectationParsersMessage() throws IOException {
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: orders
                    sql: SELECT count(*) FROM orders
                    expect: at least 5
                """);

        assertThat(e).hasMessageStartingWith(file + ": check \"orders\": expect \"at least 5\" is not of the form")
                .hasMessageContaining("between <number> and <number>");
    }

    @Test
    void rejectsABareNumberAsExpectation() throws IOException {
        assertThat(rejection("""
                checks:
                  - name: orders
                    sql: SELECT count(*) FROM orders
                    expect: 5
                """)).hasMessageStartingWith(file + ": check \"orders\": expect \"5\" is not of the form");
    }

    @Test
    void rejectsABetweenWhoseBoundsAreReversed() throws IOException {
        assertThat(rejection("""
                checks:
                  - name: orders
                    sql: SELECT count(*) FROM orders
                    expect: between 10 and 1
                """)).hasMessage(file + ": check \"orders\": \"between 10 and 1\": the lower bound is greater than"
                + " the upper bound");
    }

    @Test
    void rejectsABadTimeout() throws IOException {
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: orders
                    sql: SELECT 1
                    timeout: 60
                """);

        assertThat(e).hasMessageStartingWith(file + ": check \"orders\": timeout: duration \"60\" is not valid")
                .hasMessageContaining("1h30m");
    }

    @Test
    void rejectsAZeroOrNegativeTimeout() throws IOException {
        assertThat(rejection("""
                checks:
                  - name: orders
                    sql: SELECT 1
                    timeout: 0s
                """)).hasMessage(file + ": check \"orders\": timeout \"0s\" must be longer than zero");
        assertThat(rejection("""
                checks:
                  - name: orders
                    sql: SELECT 1
                    timeout: -5s
                """)).hasMessage(file + ": check \"orders\": timeout: duration \"-5s\" must not be negative");
    }

    @Test
    void neverQuotesTheRestOfTheFileInAnError() throws IOException {
        InvalidConfigurationException e = rejection("""
                checks:
                  - name: secret-table
                    sql: SELECT count(*) FROM customer_ssn_s3cr3t
                  - name: broken
                    sql: SELECT 1
                    expect: sometimes
                """);

        assertThat(e).hasMessageContaining("broken").hasMessageNotContaining("customer_ssn_s3cr3t");
        InvalidConfigurationException syntax = rejection("""
                checks:
                  - name: secret-table
                    sql: SELECT count(*) FROM customer_ssn_s3cr3t
                  - name: broken
                     sql: [SELECT 1
                """);
        assertThat(syntax).hasMessageContaining("invalid YAML").hasMessageNotContaining("customer_ssn_s3cr3t");
    }

    private static final String ONE_CHECK = """
            checks:
              - name: orders
                sql: SELECT count(*) FROM orders
            """;

    @Test
    void withoutProofsEveryProofRunsWithLocalDefaults() throws IOException {
        ProofSettings proofs = ChecksFile.load(write(ONE_CHECK)).proofs();

        assertThat(proofs).isEqualTo(ProofSettings.localDefaults());
        assertThat(proofs.integrity().budget()).isEqualTo(Duration.ofMinutes(10));
        assertThat(proofs.fullRead().perTable()).isEqualTo(Duration.ofMinutes(2));
        assertThat(proofs.schema().budget()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void readsProofBudgetsAndTurnsProofsOff() throws IOException {
        ProofSettings proofs = ChecksFile.load(write(ONE_CHECK + """
                proofs:
                  integrity: off
                  fullRead: { budget: 3m, perTable: 30s }
                  schema: { budget: 10s }
                """)).proofs();

        assertThat(proofs.integrity().enabled()).isFalse();
        assertThat(proofs.fullRead()).isEqualTo(new ProofSettings.FullRead(true, Duration.ofMinutes(3),
                Duration.ofSeconds(30)));
        assertThat(proofs.schema()).isEqualTo(new ProofSettings.Schema(true, Duration.ofSeconds(10), Optional.empty()));
        assertThat(ChecksFile.load(write(ONE_CHECK + "proofs: off\n")).proofs()).isEqualTo(ProofSettings.none());
        assertThat(ChecksFile.load(write(ONE_CHECK + "proofs:\n  integrity: false\n")).proofs().integrity()
                .enabled()).isFalse();
    }

    @Test
    void anExpectedSchemaIsReadRelativeToTheChecksFile() throws IOException {
        SchemaFingerprint committed = SchemaFingerprint.of(List.of(
                new SchemaObject(SchemaObject.Kind.TABLE, "public.orders", "table")));
        Files.createDirectories(dir.resolve("expected"));
        SchemaFingerprintFile.write(committed, dir.resolve("expected").resolve("schema.json"));

        ProofSettings proofs = ChecksFile.load(write(ONE_CHECK + """
                proofs:
                  schema: { expect: expected/schema.json }
                """)).proofs();

        ProofSettings.ExpectedSchema expected = proofs.schema().expect().orElseThrow();
        assertThat(expected.fingerprint()).isEqualTo(committed);
        assertThat(expected.origin()).isEqualTo(dir.resolve("expected").resolve("schema.json").toString());
    }

    @Test
    void refusesAnUnknownProofKeyNamingTheFileAndTheAllowedKeys() throws IOException {
        InvalidConfigurationException e = rejection(ONE_CHECK + """
                proofs:
                  fullread: { budget: 3m }
                """);

        assertThat(e).hasMessage(file + ": proofs: unknown key \"fullread\" (allowed keys: integrity, fullRead,"
                + " schema, freshness)");
        assertThat(rejection(ONE_CHECK + "proofs:\n  integrity: { budget: 3m, heapallindexed: true }\n"))
                .hasMessageStartingWith(file + ": proofs.integrity: unknown key \"heapallindexed\"");
    }

    @Test
    void refusesABadOrZeroBudgetNamingTheKey() throws IOException {
        assertThat(rejection(ONE_CHECK + "proofs:\n  fullRead: { perTable: 2 minutes }\n"))
                .hasMessageStartingWith(file + ": proofs.fullRead: perTable: duration \"2 minutes\" is not valid");
        assertThat(rejection(ONE_CHECK + "proofs:\n  integrity: { budget: 0s }\n"))
                .hasMessageStartingWith(file + ": proofs.integrity: budget: must be positive");
        assertThat(rejection(ONE_CHECK + "proofs:\n  schema:\n"))
                .hasMessageStartingWith(file + ": proofs.schema: has no value");
        assertThat(rejection(ONE_CHECK + "proofs:\n  integrity: sometimes\n"))
                .hasMessageStartingWith(file + ": proofs.integrity: \"sometimes\" is not a setting");
    }

    @Test
    void refusesAnExpectedSchemaFileThatDoesNotExistBeforeAnythingIsRestored() throws IOException {
        assertThat(rejection(ONE_CHECK + "proofs:\n  schema: { expect: nowhere.json }\n"))
                .hasMessage(file + ": proofs.schema: expect: schema fingerprint file "
                        + dir.resolve("nowhere.json") + " does not exist");
    }

    private Path write(String yaml) throws IOException {
        file = dir.resolve("checks.yaml");
        return Files.writeString(file, yaml);
    }

    private InvalidConfigurationException rejection(String yaml) throws IOException {
        Path path = write(yaml);
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ChecksFile.read(path));
        assertThat(e).as("rejection of:%n%s", yaml).isNotNull();
        return e;
    }

    @Test
    void readsObjectivesAndRefusesBadOnes() {
        ChecksFile.Contents contents = ChecksFile.parse("""
                checks:
                  - name: one
                    sql: SELECT 1
                    expect: "= 1"
                objectives: { restoreTime: 45m, recoveryPoint: 26h }
                """, "checks.yaml", java.util.Optional.empty());
        assertThat(contents.objectives().restoreTime()).hasValue(java.time.Duration.ofMinutes(45));
        assertThat(contents.objectives().recoveryPoint()).hasValue(java.time.Duration.ofHours(26));

        String one = "checks:\n  - name: one\n    sql: SELECT 1\n    expect: \"= 1\"\n";
        assertThatThrownBy(() -> ChecksFile.parse(one + "objectives: { restoreTime: soon }\n", "checks.yaml",
                java.util.Optional.empty())).hasMessageContaining("checks.yaml").hasMessageContaining("objectives.restoreTime");
        assertThatThrownBy(() -> ChecksFile.parse(one + "objectives: { rto: 45m }\n", "checks.yaml",
                java.util.Optional.empty())).hasMessageContaining("rto");
        assertThatThrownBy(() -> ChecksFile.parse(one + "objectives: {}\n", "checks.yaml",
                java.util.Optional.empty())).hasMessageContaining("names no objective");
        assertThat(ChecksFile.parse(one, "checks.yaml", java.util.Optional.empty()).objectives().isEmpty()).isTrue();
    }
}

package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminEndpointsTest {

    private static DatabaseEndpoint parse(String uri) {
        return AdminEndpoints.parse(uri, Optional.empty());
    }

    @Test
    void readsEveryPartOfAFullUri() {
        assertThat(parse("postgresql://drill:pw@db.example.com:6543/maintenance?sslmode=verify-full"))
                .isEqualTo(new DatabaseEndpoint("db.example.com", 6543, "maintenance", "drill",
                        Optional.of(new Secret("pw")), true));
    }

    @Test
    void defaultsToPort5432AndThePostgresDatabase() {
        assertThat(parse("postgres://drill@localhost"))
                .isEqualTo(new DatabaseEndpoint("localhost", 5432, "postgres", "drill", Optional.empty(), false));
        assertThat(parse("postgresql://drill@localhost/").database()).isEqualTo("postgres");
    }

    @Test
    void percentDecodesUserPasswordAndDatabase() {
        DatabaseEndpoint e = parse("postgresql://dr%40ill:p%2Fw%3A%40%25+x@[::1]:5433/my%20db");
        assertThat(e.user()).isEqualTo("dr@ill");
        assertThat(e.password()).contains(new Secret("p/w:@%+x"));
        assertThat(e.host()).isEqualTo("::1");
        assertThat(e.port()).isEqualTo(5433);
        assertThat(e.database()).isEqualTo("my db");
    }

    @Test
    void keepsUnencodedSpecialCharactersInThePassword() {
        assertThat(parse("postgresql://drill:a@b/c?d@host/db").password()).contains(new Secret("a@b/c?d"));
    }

    @Test
    void takesThePasswordFromTheFallbackOnlyWhenTheUriHasNone() {
        assertThat(AdminEndpoints.parse("postgresql://drill@h/db", Optional.of("from-env")).password())
                .contains(new Secret("from-env"));
        assertThat(AdminEndpoints.parse("postgresql://drill:from-uri@h/db", Optional.of("from-env")).password())
                .contains(new Secret("from-uri"));
    }

    @Test
    void sslModeRequireMeansVerifiedTls() {
        assertThat(parse("postgresql://drill@h/db?sslmode=require").requireTls()).isTrue();
        assertThat(parse("postgresql://drill@h/db?sslmode=disable").requireTls()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "mysql://drill:Secr3tPw@h/db",
            "postgresql://h/db",
            "postgresql://:Secr3tPw@h/db",
            "postgresql://drill:Secr3tPw@/db",
            "postgresql://drill:Secr3tPw@h:port/db",
            "postgresql://drill:Secr3tPw@h:70000/db",
            "postgresql://drill:Secr3tPw@h1,h2/db",
            "postgresql://drill:Secr3tPw@h/db?sslmode=prefer",
            "postgresql://drill:Secr3tPw@h/db?password=Secr3tPw",
            "postgresql://drill:Secr3tPw%zz@h/db",
            "postgresql://drill:Secr3tPw%@h/db",
            "postgresql://drill:Secr3tPw%C3@h/db",
            "postgresql://drill:Secr3tPw@[::1/db",
    })
    void rejectsMalformedUrisWithoutShowingThePassword(String uri) {
        assertThatThrownBy(() -> parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target")
                .hasMessageNotContaining("Secr3tPw");
    }
}

package com.eduplatform.data.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void replacesTheDatabaseAndKeepsHostPortAndParameters() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://127.0.0.1:5432/test?sslmode=disable&user=x", "other"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/other?sslmode=disable&user=x");
    }

    @Test
    void addsADatabaseToAUrlThatNamesNone() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db.example:6543", "other"))
                .isEqualTo("jdbc:postgresql://db.example:6543/other");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db.example?ssl=true", "other"))
                .isEqualTo("jdbc:postgresql://db.example/other?ssl=true");
    }

    @Test
    void refusesAnythingButAPostgresqlUrl() {
        assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:mysql://localhost/test", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://localhost/test");
    }
}

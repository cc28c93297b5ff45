package com.eduplatform.data.encryption;

import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.DecryptionException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.jooq.tables.pojos.Users;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Field encryption end to end on a real PostgreSQL: ciphertext at rest under every writer (repositories, dsl(), the
 * bulk loader), plaintext to every reader, a typed error for a wrong or missing key, the e-mail lookup, rotation and
 * decrypting everything back.
 */
class FieldEncryptionTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private final List<EduDatabase> opened = new ArrayList<>();

    @AfterEach
    void closeAndClean() throws SQLException {
        opened.forEach(EduDatabase::close);
        try (Connection connection = database.postgres().connect(); Statement statement = connection.createStatement()) {
            statement.execute("delete from doubt_submissions; delete from content_generations; delete from users");
        }
    }

    @Test
    void aRepositoryInsertIsCiphertextAtRestAndPlaintextWhenRead() throws SQLException {
        EduDatabase db = open(keys("k1", 1, Map.of()));

        Users ada = db.users().insert(user(db, "u-ada", "ada@school.example").setName("Ada Lovelace")
                .setFirstName("Ada").setLastName("Lovelace"));

        assertThat(ada.email()).isEqualTo("ada@school.example");
        assertThat(db.users().getById("u-ada").name()).isEqualTo("Ada Lovelace");
        Map<String, String> stored = raw("select email, name, first_name, last_name, email_hash from users where id = 'u-ada'");
        for (String column : List.of("email", "name", "first_name", "last_name")) {
            assertThat(stored.get(column)).as(column).startsWith("ev1:k1:")
                    .doesNotContain("ada").doesNotContain("Ada").doesNotContain("Lovelace");
        }
        assertThat(stored.get("email_hash")).matches("[0-9a-f]{64}");
        assertThat(stored.get("email")).endsWith(":" + stored.get("email_hash"));
    }

    @Test
    void theSameValueEncryptsDifferentlyEachTime() throws SQLException {
        EduDatabase db = open(keys("k1", 1, Map.of()));
        db.users().insert(user(db, "u-1", "same@school.example"));
        db.users().insert(user(db, "u-2", "same@school.example"));

        Map<String, String> first = raw("select email, email_hash from users where id = 'u-1'");
        Map<String, String> second = raw("select email, email_hash from users where id = 'u-2'");

        assertThat(first.get("email")).isNotEqualTo(second.get("email"));
        assertThat(first.get("email_hash")).isEqualTo(second.get("email_hash"));
    }

    @Test
    void typedQueriesOfYourOwnWriteCiphertextAndReadPlaintext() throws SQLException {
        EduDatabase db = open(keys("k1", 1, Map.of()));
        TestRows.user(db.dsl(), "u-dsl", Role.STUDENT);
        int generation = TestRows.generation(db.dsl(), "u-dsl", ContentType.DOUBT_SOLUTION);
        db.dsl().insertInto(DOUBT_SUBMISSIONS)
                .set(DOUBT_SUBMISSIONS.CONTENT_GENERATION_ID, generation).set(DOUBT_SUBMISSIONS.STUDENT_ID, "u-dsl")
                .set(DOUBT_SUBMISSIONS.GRADE, "8").set(DOUBT_SUBMISSIONS.SUBJECT, "mathematics")
                .set(DOUBT_SUBMISSIONS.TOPIC, "fractions").set(DOUBT_SUBMISSIONS.DOUBT_TEXT, "Why is 1/2 + 1/3 not 2/5?")
                .execute();

        assertThat(db.dsl().select(USERS.EMAIL).from(USERS).where(db.encryption().emailEquals("u-dsl@school.example"))
                .fetchSingle(USERS.EMAIL)).isEqualTo("u-dsl@school.example");
        assertThat(db.dsl().select(DOUBT_SUBMISSIONS.DOUBT_TEXT).from(DOUBT_SUBMISSIONS).fetchSingle(
                DOUBT_SUBMISSIONS.DOUBT_TEXT)).isEqualTo("Why is 1/2 + 1/3 not 2/5?");
        assertThat(raw("select doubt_text from doubt_submissions").get("doubt_text"))
                .startsWith("ev1:k1:").doesNotContain("1/2");
        assertThat(raw("select email from users where id = 'u-dsl'").get("email")).startsWith("ev1:k1:");
    }

    @Test
    void theBulkLoaderWritesCiphertextThroughTheSameConverters() throws SQLException {
        EduDatabase db = open(keys("k1", 1, Map.of()));

        db.bulk().load(USERS, List.of(pojo("u-bulk", "bulk@school.example", "Grace Hopper")));

        Map<String, String> stored = raw("select email, name, email_hash from users where id = 'u-bulk'");
        assertThat(stored.get("email")).startsWith("ev1:k1:").doesNotContain("bulk@");
        assertThat(stored.get("name")).startsWith("ev1:k1:").doesNotContain("Grace");
        assertThat(stored.get("email_hash")).matches("[0-9a-f]{64}");
        assertThat(db.users().findOne(db.encryption().emailEquals("bulk@school.example")))
                .map(Users::name).contains("Grace Hopper");
    }

    @Test
    void aWrongKeyUnderTheSameIdIsADecryptionExceptionNamingColumnAndKeyButNotTheValue() {
        open(keys("k1", 1, Map.of())).users().insert(user(opened.get(0), "u-secret", "secret@school.example"));
        EduDatabase wrong = open(keys("k1", 2, Map.of()));

        assertThatThrownBy(() -> wrong.users().getById("u-secret"))
                .isInstanceOfSatisfying(DecryptionException.class, e -> {
                    assertThat(e.column()).isEqualTo("users.email");
                    assertThat(e.keyId()).isEqualTo("k1");
                    assertThat(e.getMessage()).contains("users.email", "'k1'", "does not authenticate")
                            .doesNotContain("secret").doesNotContain("ev1:k1:");
                });
    }

    @Test
    void aValueUnderAnUnknownKeyOrWithoutAnyKeyProviderIsADecryptionException() {
        open(keys("k1", 1, Map.of())).users().insert(user(opened.get(0), "u-x", "x@school.example"));
        EduDatabase otherKeys = open(keys("k9", 9, Map.of()));
        EduDatabase noKeys = open(null);

        assertThatThrownBy(() -> otherKeys.users().getById("u-x"))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("no key of that id");
        assertThatThrownBy(() -> noKeys.dsl().selectFrom(USERS).fetch())
                .isInstanceOf(DecryptionException.class).hasMessageContaining("no key provider is configured");
    }

    @Test
    void aCiphertextCopiedIntoAnotherColumnDoesNotDecrypt() throws SQLException {
        EduDatabase db = open(keys("k1", 1, Map.of()));
        db.users().insert(user(db, "u-moved", "moved@school.example").setName("Moved"));
        try (Connection connection = database.postgres().connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("update users set name = split_part(email, ':', 1) || ':' || split_part(email, ':', 2)"
                    + " || ':' || split_part(email, ':', 3) where id = 'u-moved'");
        }

        assertThatThrownBy(() -> db.users().getById("u-moved"))
                .isInstanceOfSatisfying(DecryptionException.class, e -> assertThat(e.column()).isEqualTo("users.name"));
    }

    @Test
    void thePlaintextLimitOfTheSeedStaysWhileTheColumnHoldsTheLongerCiphertext() {
        EduDatabase db = open(keys("k1", 1, Map.of()));
        String longest = "x".repeat(255 - "@school.example".length()) + "@school.example";

        assertThat(db.users().insert(user(db, "u-long", longest)).email()).isEqualTo(longest);
        assertThatThrownBy(() -> db.users().insert(user(db, "u-longer", "x" + longest)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("users.email");
                    assertThat(e.reason()).isEqualTo("is longer than 255 characters (was 256)");
                });
        assertThatThrownBy(() -> TestRows.user(db.dsl(), "x" + longest.substring(0, 240), Role.STUDENT))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("users.email");
    }

    @Test
    void theLookupHashIsMaintainedByTheSchemaAndCannotBeWritten() {
        EduDatabase db = open(keys("k1", 1, Map.of()));

        assertThatThrownBy(() -> db.users().insert(user(db, "u-hash", "h@school.example").setEmailHash("0".repeat(64))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("users.email_hash"));
    }

    @Test
    void plaintextWrittenWithoutKeysIsReadWithKeysAndRotateEncryptsItSoTheLookupFindsIt() throws SQLException {
        EduDatabase plain = open(null);
        plain.users().insert(user(plain, "u-old", "old@school.example").setName("Old Timer"));
        assertThat(raw("select email from users where id = 'u-old'").get("email")).isEqualTo("old@school.example");
        assertThat(plain.users().findOne(plain.encryption().emailEquals("old@school.example"))).isPresent();
        EduDatabase keyed = open(keys("k1", 1, Map.of()));
        assertThat(keyed.users().getById("u-old").name()).isEqualTo("Old Timer");
        assertThat(keyed.users().findOne(keyed.encryption().emailEquals("old@school.example"))).isEmpty();

        RewriteResult result = keyed.encryption().rotate();

        assertThat(result.keyId()).isEqualTo("k1");
        assertThat(result.rewritten()).containsEntry("users.email", 1L).containsEntry("users.name", 1L);
        assertThat(raw("select email from users where id = 'u-old'").get("email")).startsWith("ev1:k1:");
        assertThat(keyed.users().findOne(keyed.encryption().emailEquals("old@school.example")))
                .map(Users::id).contains("u-old");
    }

    @Test
    void rotationReencryptsEveryValueUnderTheNewKeyAcrossBatchesAndEveryValueStillDecrypts() throws SQLException {
        EduDatabase k1 = open(keys("k1", 1, Map.of()));
        int count = FieldEncryption.BATCH_SIZE * 2 + 7;
        List<Users> rows = IntStream.range(0, count)
                .mapToObj(i -> pojo("u-" + i, "user" + i + "@school.example", i % 3 == 0 ? null : "Name " + i))
                .toList();
        k1.bulk().load(USERS, rows);
        EduDatabase k2 = open(keys("k2", 2, Map.of("k1", 1)));

        RewriteResult first = k2.encryption().rotate();

        long names = rows.stream().filter(row -> row.name() != null).count();
        assertThat(first.keyId()).isEqualTo("k2");
        assertThat(first.rewritten()).containsEntry("users.email", (long) count).containsEntry("users.name", names)
                .containsEntry("users.first_name", 0L);
        assertThat(first.totalUnchanged()).isZero();
        try (Connection connection = database.postgres().connect(); Statement statement = connection.createStatement();
             ResultSet stale = statement.executeQuery("select count(*) from users where email not like 'ev1:k2:%'"
                     + " or name not like 'ev1:k2:%'")) {
            stale.next();
            assertThat(stale.getLong(1)).isZero();
        }
        EduDatabase onlyK2 = open(keys("k2", 2, Map.of()));
        Map<String, Users> read = new LinkedHashMap<>();
        onlyK2.users().find(USERS.ID.like("u-%")).forEach(user -> read.put(user.id(), user));
        assertThat(read).hasSize(count);
        for (Users row : rows) {
            assertThat(read.get(row.id()).email()).isEqualTo(row.email());
            assertThat(read.get(row.id()).name()).isEqualTo(row.name());
        }
        assertThat(onlyK2.users().findOne(onlyK2.encryption().emailEquals("user700@school.example")))
                .map(Users::id).contains("u-700");

        RewriteResult again = k2.encryption().rotate();

        assertThat(again.totalRewritten()).isZero();
        assertThat(again.unchanged()).containsEntry("users.email", (long) count);
    }

    @Test
    void decryptAllLeavesPlaintextAtRestForRollingBack() throws SQLException {
        EduDatabase db = open(keys("k1", 1, Map.of()));
        db.users().insert(user(db, "u-back", "back@school.example").setLastName("Back"));

        RewriteResult result = db.encryption().decryptAll();

        assertThat(result.rewritten()).containsEntry("users.email", 1L).containsEntry("users.last_name", 1L);
        Map<String, String> stored = raw("select email, last_name, email_hash from users where id = 'u-back'");
        assertThat(stored).containsEntry("email", "back@school.example").containsEntry("last_name", "Back");
        assertThat(stored.get("email_hash")).isNull();
        assertThat(open(null).users().getById("u-back").email()).isEqualTo("back@school.example");
    }

    @Test
    void withoutAKeyProviderRotateIsRefusedAndAPlaintextLookingEncryptedIsRefused() {
        EduDatabase plain = open(null);

        assertThat(plain.encryption().enabled()).isFalse();
        assertThatThrownBy(() -> plain.encryption().rotate()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> plain.users().insert(user(plain, "u-odd", "ev1:k1:abc")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("users.email"));
    }

    @Test
    void theEncryptedColumnsAreTheSeedsSensitiveText() {
        assertThat(FieldEncryption.columns()).containsExactlyInAnyOrder("users.email", "users.name",
                "users.first_name", "users.last_name", "doubt_submissions.doubt_text",
                "doubt_submissions.resolution_text", "practice_sessions.student_responses",
                "practice_sessions.ideal_answers");
    }

    // -------------------------------------------------------------------------------------------------------------

    private EduDatabase open(KeyProvider keys) {
        var postgres = database.postgres();
        EduDatabase db = EduDatabase.builder().jdbcUrl(postgres.jdbcUrl()).user(postgres.user())
                .password(postgres.password()).maximumPoolSize(2).validateOnStart(false).keyProvider(keys).build();
        opened.add(db);
        return db;
    }

    /** Keys whose material is {@code seed} repeated; {@code others} are retired keys, by id and seed. */
    static KeyProvider keys(String current, int seed, Map<String, Integer> others) {
        Map<String, DataKey> keys = new LinkedHashMap<>();
        others.forEach((id, otherSeed) -> keys.put(id, key(id, otherSeed)));
        keys.put(current, key(current, seed));
        return new KeySet(keys, current, key("lookup", 99), "test");
    }

    static DataKey key(String id, int seed) {
        byte[] material = new byte[DataKey.LENGTH];
        Arrays.fill(material, (byte) seed);
        return new DataKey(id, material);
    }

    private static com.eduplatform.data.jooq.tables.records.UsersRecord user(EduDatabase db, String id, String email) {
        return db.users().newRecord().setId(id).setAuth0Id("auth0|" + id).setEmail(email)
                .setRole(Role.STUDENT).setRoles(List.of(Role.STUDENT));
    }

    private static Users pojo(String id, String email, String name) {
        return new Users(id, "auth0|" + id, email, name, Role.STUDENT, List.of(Role.STUDENT), null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /** One row read over plain JDBC, as stored: column name to text. */
    private static Map<String, String> raw(String sql) throws SQLException {
        try (Connection connection = database.postgres().connect();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            assertThat(rows.next()).as(sql).isTrue();
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                row.put(rows.getMetaData().getColumnName(i), rows.getString(i));
            }
            return row;
        }
    }
}

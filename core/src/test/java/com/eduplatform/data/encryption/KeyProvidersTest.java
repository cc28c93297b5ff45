package com.eduplatform.data.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key providers the library ships: keys from the environment and from a private key file. */
class KeyProvidersTest {

    private static final String K1 = base64(1);
    private static final String K2 = base64(2);
    private static final String LOOKUP = base64(9);

    @TempDir
    Path directory;

    @Test
    void theEnvironmentProviderReadsEveryKeyAndDefaultsTheCurrentOneToTheLastListed() {
        var provider = new EnvironmentKeyProvider(Map.of(EnvironmentKeyProvider.KEYS, "k1:" + K1 + ", k2:" + K2,
                EnvironmentKeyProvider.LOOKUP_KEY, LOOKUP));

        assertThat(provider.currentKeyId()).isEqualTo("k2");
        assertThat(provider.key("k1")).map(DataKey::material).hasValueSatisfying(m -> assertThat(m).containsOnly(1));
        assertThat(provider.key("k3")).isEmpty();
        assertThat(provider.lookupKey().material()).containsOnly(9);
    }

    @Test
    void theEnvironmentProviderTakesAnExplicitCurrentKey() {
        var provider = new EnvironmentKeyProvider(Map.of(EnvironmentKeyProvider.KEYS, "k1:" + K1 + ",k2:" + K2,
                EnvironmentKeyProvider.CURRENT_KEY, "k1", EnvironmentKeyProvider.LOOKUP_KEY, LOOKUP));

        assertThat(provider.currentKeyId()).isEqualTo("k1");
    }

    @Test
    void aMissingOrMalformedVariableIsNamedAndNoKeyIsShown() {
        assertThatThrownBy(() -> new EnvironmentKeyProvider(Map.of(EnvironmentKeyProvider.KEYS, "k1:" + K1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EDUDATA_ENCRYPTION_LOOKUP_KEY")
                .hasMessageNotContaining(K1);
        assertThatThrownBy(() -> new EnvironmentKeyProvider(Map.of(EnvironmentKeyProvider.KEYS, "k1:" + base64Of(16),
                EnvironmentKeyProvider.LOOKUP_KEY, LOOKUP)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes, decoded to 16");
        assertThatThrownBy(() -> new EnvironmentKeyProvider(Map.of(EnvironmentKeyProvider.KEYS, "k1:" + K1,
                EnvironmentKeyProvider.CURRENT_KEY, "k7", EnvironmentKeyProvider.LOOKUP_KEY, LOOKUP)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k7'");
        assertThatThrownBy(() -> new EnvironmentKeyProvider(Map.of(EnvironmentKeyProvider.KEYS, "bad id:" + K1,
                EnvironmentKeyProvider.LOOKUP_KEY, LOOKUP)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad id'");
    }

    @Test
    void aPrivateKeyFileIsRead() throws IOException {
        Path file = keyFile("current = k2\nkey.k1 = " + K1 + "\nkey.k2 = " + K2 + "\nlookup = " + LOOKUP + "\n", "rw-------");

        KeyFileKeyProvider provider = KeyFileKeyProvider.load(file);

        assertThat(provider.currentKeyId()).isEqualTo("k2");
        assertThat(provider.key("k1")).isPresent();
        assertThat(provider.key("k2").orElseThrow().material()).containsOnly(2);
        assertThat(provider.lookupKey().material()).containsOnly(9);
    }

    @Test
    void aKeyFileOthersMayReadIsRefused() throws IOException {
        Path file = keyFile("current = k1\nkey.k1 = " + K1 + "\nlookup = " + LOOKUP + "\n", "rw-r--r--");

        assertThatThrownBy(() -> KeyFileKeyProvider.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600");
    }

    @Test
    void aKeyFileWithoutACurrentKeyOrNamingAnUnknownOneIsRefused() throws IOException {
        Path missing = keyFile("key.k1 = " + K1 + "\nlookup = " + LOOKUP + "\n", "rw-------");
        assertThatThrownBy(() -> KeyFileKeyProvider.load(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current is missing");
        Files.delete(missing);
        Path unknown = keyFile("current = k2\nkey.k1 = " + K1 + "\nlookup = " + LOOKUP + "\n", "rw-------");
        assertThatThrownBy(() -> KeyFileKeyProvider.load(unknown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k2' is not among the keys [k1]");
    }

    @Test
    void aDataKeyNeverShowsItsMaterialAndKeepsItsOwnCopy() {
        byte[] material = new byte[DataKey.LENGTH];
        DataKey key = new DataKey("k1", material);
        material[0] = 42;

        assertThat(key.material()[0]).isZero();
        assertThat(key.toString()).isEqualTo("DataKey[id=k1, material=(hidden)]");
        assertThatThrownBy(() -> new DataKey("k1", new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    private Path keyFile(String text, String permissions) throws IOException {
        Path file = directory.resolve("keys.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static String base64(int fill) {
        byte[] bytes = new byte[DataKey.LENGTH];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String base64Of(int length) {
        return Base64.getEncoder().encodeToString(new byte[length]);
    }
}

package com.eduplatform.data.encryption;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Keys from a properties file, read once by {@link #load(Path)}:
 *
 * <pre>
 * current = k2
 * key.k1 = &lt;base64 of 32 bytes&gt;
 * key.k2 = &lt;base64 of 32 bytes&gt;
 * lookup = &lt;base64 of 32 bytes&gt;
 * </pre>
 *
 * On a POSIX file system the file must be a regular file that neither its group nor others may read, write or
 * execute ({@code chmod 600}), as ssh demands of a private key: a key file anyone can read protects nothing. To
 * pick up a changed file, load it again and build a new {@link com.eduplatform.data.EduDatabase}.
 */
public final class KeyFileKeyProvider implements KeyProvider {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final KeySet keys;

    private KeyFileKeyProvider(KeySet keys) {
        this.keys = keys;
    }

    /**
     * Reads the key file at {@code path}. Throws {@link IllegalArgumentException} when the file is not private to
     * its owner or a setting is missing or malformed (naming the setting, never a key), and
     * {@link UncheckedIOException} when it cannot be read.
     */
    public static KeyFileKeyProvider load(Path path) {
        String source = "key file " + path;
        checkPrivate(path, source);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        }
        Map<String, DataKey> data = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(name -> name.startsWith("key.")).sorted().forEach(name ->
                data.put(name.substring(4), KeySet.decode(name.substring(4), properties.getProperty(name), source, name)));
        String current = properties.getProperty("current");
        if (current == null || current.isBlank()) {
            throw new IllegalArgumentException(source + ": current is missing");
        }
        return new KeyFileKeyProvider(new KeySet(data, current.strip(),
                KeySet.decode("lookup", properties.getProperty("lookup"), source, "lookup"), source));
    }

    private static void checkPrivate(Path path, String source) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(source + " is not a regular file");
        }
        // Links are followed: a mounted secret is often a link to the file that holds it.
        PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (posix == null) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new IllegalArgumentException(source + " may be used by its group or others ("
                        + PosixFilePermissions.toString(permissions) + "): make it private to its owner (chmod 600)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the permissions of " + source, e);
        }
    }

    @Override
    public String currentKeyId() {
        return keys.currentKeyId();
    }

    @Override
    public Optional<DataKey> key(String keyId) {
        return keys.key(keyId);
    }

    @Override
    public DataKey lookupKey() {
        return keys.lookupKey();
    }
}

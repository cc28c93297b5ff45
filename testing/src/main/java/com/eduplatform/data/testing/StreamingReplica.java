package com.eduplatform.data.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

/**
 * A primary PostgreSQL and a streaming hot standby of it, both embedded, for tests of read-replica routing. It
 * always runs the embedded binaries (whatever {@code edudata.db.url} says), since it needs servers of its own to
 * stop, pause and configure.
 *
 * <p>zonky's binaries hold only {@code initdb}, {@code pg_ctl} and {@code postgres}, so the standby is built the
 * way {@code pg_basebackup} would, over JDBC: a physical replication slot, {@code pg_backup_start}, a file copy of
 * the primary's data directory, {@code pg_backup_stop} on the same session, then {@code backup_label},
 * {@code standby.signal}, {@code primary_conninfo} and {@code primary_slot_name}. zonky starts both servers, so
 * running as root works the same way it does for {@link PostgresServer} ({@code unshare -U}).
 *
 * <pre>{@code
 * try (StreamingReplica pair = StreamingReplica.start()) {
 *     // write through pair.primaryJdbcUrl(), read through pair.replicaJdbcUrl()
 *     pair.pauseReplay();     // the replica falls behind
 *     pair.stopReplica();     // the replica is down: connections are refused
 * }
 * }</pre>
 *
 * <p>The primary's database {@value #DATABASE} holds every migration. {@link #close()} stops both servers and
 * deletes their directories.
 */
public final class StreamingReplica implements AutoCloseable {

    /** The database holding the migrations, on the primary and therefore on the replica. */
    public static final String DATABASE = "edudata";

    private static final String USER = "postgres";
    private static final String SLOT = "edudata_standby";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    /**
     * Directories whose contents a base backup leaves out, as pg_basebackup does: the directories stay, and so do
     * pg_wal's subdirectories (archive_status, summaries), empty.
     */
    private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
            "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");
    /** Files a base backup leaves out: server state, zonky's lock, and what the standby gets written afresh. */
    private static final Set<String> SKIPPED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
            "backup_label", "tablespace_map", "standby.signal", "recovery.signal", "postgresql.auto.conf",
            "pg_internal.init", "current_logfiles");

    private final Path primaryDirectory;
    private final Path replicaDirectory;
    private final int replicaPort;
    private final EmbeddedPostgres primary;
    private EmbeddedPostgres replica;

    private StreamingReplica(Path primaryDirectory, Path replicaDirectory, int replicaPort, EmbeddedPostgres primary) {
        this.primaryDirectory = primaryDirectory;
        this.replicaDirectory = replicaDirectory;
        this.replicaPort = replicaPort;
        this.primary = primary;
    }

    /**
     * Starts a primary, migrates its {@value #DATABASE} database, builds a standby from a base backup and starts
     * it; returns once the standby has replayed everything the primary wrote. The caller closes it.
     */
    public static StreamingReplica start() {
        Path primaryDirectory = null;
        Path replicaDirectory = null;
        EmbeddedPostgres primary = null;
        StreamingReplica pair = null;
        try {
            primaryDirectory = Files.createTempDirectory("edudata-primary-");
            replicaDirectory = Files.createTempDirectory("edudata-replica-");
            primary = configured(EmbeddedPostgres.builder())
                    .setDataDirectory(primaryDirectory)
                    .setCleanDataDirectory(true)
                    .start();
            pair = new StreamingReplica(primaryDirectory, replicaDirectory, freePort(), primary);
            pair.prepare();
            return pair;
        } catch (IOException | SQLException | RuntimeException e) {
            if (pair != null) {
                pair.close();
            } else {
                closeQuietly(primary);
                deleteQuietly(primaryDirectory);
                deleteQuietly(replicaDirectory);
            }
            throw new IllegalStateException("Could not start a primary with a streaming replica: " + e.getMessage(), e);
        }
    }

    /** The same settings for both servers: a hot standby needs at least the primary's limits. */
    private static EmbeddedPostgres.Builder configured(EmbeddedPostgres.Builder builder) {
        return builder
                .setPGStartupWait(STARTUP_WAIT)
                .setServerConfig("wal_level", "replica")
                .setServerConfig("max_wal_senders", "4")
                .setServerConfig("max_replication_slots", "4")
                .setServerConfig("hot_standby", "on")
                .setServerConfig("max_connections", "60")
                // Commits wait for their WAL to be flushed, as on a production primary, so it streams at once.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("wal_receiver_status_interval", "1s")
                .setServerConfig("timezone", "UTC");
    }

    private void prepare() throws IOException, SQLException {
        try (Connection admin = connect(primary.getPort(), "postgres")) {
            int version = admin.getMetaData().getDatabaseMajorVersion();
            if (version < 15) {
                throw new IllegalStateException("A streaming replica needs PostgreSQL 15 or newer "
                        + "(pg_backup_start), the embedded binaries are " + version);
            }
            execute(admin, "CREATE DATABASE " + DATABASE);
        }
        Migrator.migrate(primaryJdbcUrl(), USER, "");
        baseBackup();
        startReplica();
        awaitReplay(Duration.ofSeconds(60));
    }

    /** A base backup of the running primary into the replica's directory, configured as its standby. */
    private void baseBackup() throws IOException, SQLException {
        try (Connection session = connect(primary.getPort(), "postgres")) {
            // The slot keeps every WAL segment from here on until the standby has it, even while it is stopped.
            query(session, "SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
            query(session, "SELECT pg_backup_start('edudata standby', true)");
            String label;
            String tablespaceMap;
            try {
                copyDataDirectory(primaryDirectory, replicaDirectory);
            } finally {
                // Non-exclusive backups end on the session that started them.
                try (Statement statement = session.createStatement();
                     ResultSet stop = statement.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                    stop.next();
                    label = stop.getString(1);
                    tablespaceMap = stop.getString(2);
                }
            }
            Files.writeString(replicaDirectory.resolve("backup_label"), label, StandardCharsets.UTF_8);
            if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                Files.writeString(replicaDirectory.resolve("tablespace_map"), tablespaceMap, StandardCharsets.UTF_8);
            }
        }
        Files.writeString(replicaDirectory.resolve("standby.signal"), "");
        Files.writeString(replicaDirectory.resolve("postgresql.auto.conf"),
                "primary_conninfo = 'host=127.0.0.1 port=" + primary.getPort() + " user=" + USER
                        + " application_name=" + SLOT + "'\n"
                        + "primary_slot_name = '" + SLOT + "'\n",
                StandardCharsets.UTF_8);
    }

    /** Copies a running server's data directory, leaving out what a base backup does; WAL replay mends the rest. */
    private static void copyDataDirectory(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Path relative = source.relativize(directory);
                if (relative.getNameCount() > 1 && EMPTIED.contains(relative.getName(0).toString())
                        && !relative.getName(0).toString().equals("pg_wal")) {
                    // A replication slot's directory without its state file stops the standby: leave slots out.
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!directory.equals(source)) {
                    Files.createDirectories(target.resolve(relative));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path parent = source.relativize(file).getParent();
                boolean emptied = parent != null && EMPTIED.contains(parent.getName(0).toString());
                if (emptied || SKIPPED.contains(file.getFileName().toString()) || !attributes.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, target.resolve(source.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (NoSuchFileException removedMeanwhile) {
                    // A running server drops files (temporary ones, old WAL) while we copy: nothing to back up.
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }
        });
    }

    /** The JDBC URL of {@value #DATABASE} on the primary. */
    public String primaryJdbcUrl() {
        return jdbcUrl(primary.getPort());
    }

    /** The JDBC URL of {@value #DATABASE} on the replica; connections are refused while it is stopped. */
    public String replicaJdbcUrl() {
        return jdbcUrl(replicaPort);
    }

    /** The user both servers accept (trust authentication, no password). */
    public String user() {
        return USER;
    }

    /** The password: empty, as both servers trust local connections. */
    public String password() {
        return "";
    }

    /** The primary's port on 127.0.0.1. */
    public int primaryPort() {
        return primary.getPort();
    }

    /** The replica's port on 127.0.0.1, the same across restarts. */
    public int replicaPort() {
        return replicaPort;
    }

    /** Whether the replica is running. */
    public synchronized boolean replicaRunning() {
        return replica != null;
    }

    /** Stops the replica (fast shutdown): its connections end and new ones are refused until {@link #startReplica()}. */
    public synchronized void stopReplica() {
        if (replica != null) {
            EmbeddedPostgres stopping = replica;
            replica = null;
            closeQuietly(stopping);
        }
    }

    /**
     * Starts the replica on its port again, or for the first time; returns once it accepts read-only connections.
     * It then catches up with the primary through its replication slot.
     */
    public synchronized void startReplica() {
        if (replica != null) {
            return;
        }
        try {
            // The directory holds a configured data directory, so zonky starts it as it is, without initdb.
            replica = configured(EmbeddedPostgres.builder())
                    .setDataDirectory(replicaDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(replicaPort)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the replica on port " + replicaPort, e);
        }
    }

    /**
     * Pauses WAL replay on the replica: it keeps receiving but shows nothing newer, so it falls behind with every
     * write on the primary. Returns once the pause has taken effect.
     */
    public void pauseReplay() {
        onReplica(replica -> {
            query(replica, "SELECT pg_wal_replay_pause()");
            awaitTrue(replica, "SELECT pg_get_wal_replay_pause_state() = 'paused'", Duration.ofSeconds(30),
                    "replay to pause");
        });
    }

    /** Resumes WAL replay on the replica. */
    public void resumeReplay() {
        onReplica(replica -> query(replica, "SELECT pg_wal_replay_resume()"));
    }

    /** Waits (up to 60 seconds) until the replica has replayed everything the primary has written so far. */
    public void awaitReplay() {
        awaitReplay(Duration.ofSeconds(60));
    }

    private void awaitReplay(Duration timeout) {
        String position;
        try (Connection connection = connect(primary.getPort(), "postgres")) {
            position = query(connection, "SELECT pg_current_wal_lsn()::text");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the primary's WAL position", e);
        }
        onReplica(replica -> {
            try (PreparedStatement caughtUp = replica.prepareStatement(
                    "SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
                caughtUp.setString(1, position);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    try (ResultSet row = caughtUp.executeQuery()) {
                        row.next();
                        if (row.getBoolean(1)) {
                            return;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The replica did not replay up to " + position + " within "
                                + timeout);
                    }
                    pause(10);
                }
            }
        });
    }

    /** Stops both servers and deletes their data directories. */
    @Override
    public synchronized void close() {
        try {
            stopReplica();
            closeQuietly(primary);
        } finally {
            deleteQuietly(replicaDirectory);
            deleteQuietly(primaryDirectory);
        }
    }

    @Override
    public String toString() {
        return "StreamingReplica[primary 127.0.0.1:" + primary.getPort() + ", replica 127.0.0.1:" + replicaPort + "]";
    }

    private interface ReplicaWork {
        void run(Connection replica) throws SQLException;
    }

    private void onReplica(ReplicaWork work) {
        if (!replicaRunning()) {
            throw new IllegalStateException("The replica is stopped");
        }
        try (Connection connection = connect(replicaPort, "postgres")) {
            work.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not work on the replica: " + e.getMessage(), e);
        }
    }

    private static void awaitTrue(Connection connection, String sql, Duration timeout, String what)
            throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!"t".equals(query(connection, sql))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Waited " + timeout + " for " + what);
            }
            pause(10);
        }
    }

    private static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    private static Connection connect(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, USER, "");
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the replica", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // zonky logs a server it could not stop; the directory is deleted regardless.
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException failure) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException failure) throws IOException {
                    Files.deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // Left for the OS to clean from the temporary directory.
        }
    }
}

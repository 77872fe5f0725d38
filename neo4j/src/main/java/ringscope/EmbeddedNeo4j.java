// Starts an embedded Neo4j 5.26 Community with Bolt on 127.0.0.1 for development, tests and CI.
package ringscope;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Usage: java -cp ... ringscope.EmbeddedNeo4j --home DIR --port N [--pagecache 512m]
 *        [--tx-log-rotation 64m] [--tx-timeout-seconds N] [--watch-stdin]
 *
 * Prints "RINGSCOPE_NEO4J_READY bolt://127.0.0.1:N" once Bolt accepts connections. Shuts the
 * store down cleanly on SIGTERM/SIGINT, and (with --watch-stdin) when standard input closes,
 * which is how it notices that the Node process that started it has gone away.
 */
public final class EmbeddedNeo4j {
    public static void main(String[] args) throws Exception {
        Path home = null;
        int port = 7687;
        String pagecache = "512m";
        String rotation = "64m";
        long txTimeoutSeconds = 0;
        boolean watchStdin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]).toAbsolutePath();
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--pagecache" -> pagecache = args[++i];
                case "--tx-log-rotation" -> rotation = args[++i];
                case "--tx-timeout-seconds" -> txTimeoutSeconds = Long.parseLong(args[++i]);
                case "--watch-stdin" -> watchStdin = true;
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (home == null) fail("--home is required");
        Files.createDirectories(home);
        Path plugins = home.resolve("plugins");
        installPlugins(plugins);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, parseBytes(pagecache))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, parseBytes(rotation))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*", "gds.*"));
        if (txTimeoutSeconds > 0) {
            builder.setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutSeconds));
        }
        DatabaseManagementService service = builder.build();

        AtomicBoolean stopped = new AtomicBoolean(false);
        CountDownLatch done = new CountDownLatch(1);
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    service.shutdown();
                } finally {
                    done.countDown();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "ringscope-neo4j-shutdown"));

        GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        db.executeTransactionally("RETURN 1");
        System.out.println("RINGSCOPE_NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();

        if (watchStdin) {
            Thread watcher = new Thread(() -> {
                try {
                    InputStream in = System.in;
                    byte[] buf = new byte[256];
                    while (in.read(buf) >= 0) {
                        // The parent writes nothing; we only wait for end of stream.
                    }
                } catch (IOException ignored) {
                    // A broken pipe means the parent is gone, same as end of stream.
                }
                System.exit(0); // runs the shutdown hook, which closes the store
            }, "ringscope-neo4j-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        done.await();
    }

    /** Copies APOC and GDS from the class path folder into plugin_dir, where Neo4j loads procedures from. */
    private static void installPlugins(Path plugins) throws IOException {
        Files.createDirectories(plugins);
        Path lib = libDir();
        if (lib == null) return;
        copyJars(lib, "apoc-*.jar", plugins, "");
        // The gds- prefix marks our copies: clear them so jars of an older or removed GDS never linger.
        try (DirectoryStream<Path> old = Files.newDirectoryStream(plugins, "gds-*.jar")) {
            for (Path jar : old) Files.delete(jar);
        }
        // GDS procedures register only from plugin_dir; its extension must also be on the class path (lib/).
        Path gds = lib.resolve("gds");
        if (Files.isDirectory(gds)) copyJars(gds, "*.jar", plugins, "gds-");
    }

    private static void copyJars(Path from, String glob, Path to, String prefix) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(from, glob)) {
            for (Path jar : jars) {
                Files.copy(jar, to.resolve(prefix + jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Path libDir() {
        try {
            Path self = Path.of(EmbeddedNeo4j.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = self.getParent().resolve("lib");
            return Files.isDirectory(lib) ? lib : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static long parseBytes(String s) {
        String v = s.trim().toLowerCase();
        long mul = 1;
        if (v.endsWith("g")) { mul = ByteUnit.gibiBytes(1); v = v.substring(0, v.length() - 1); }
        else if (v.endsWith("m")) { mul = ByteUnit.mebiBytes(1); v = v.substring(0, v.length() - 1); }
        else if (v.endsWith("k")) { mul = ByteUnit.kibiBytes(1); v = v.substring(0, v.length() - 1); }
        return Long.parseLong(v) * mul;
    }

    private static void fail(String message) {
        System.err.println("ringscope-neo4j: " + message);
        System.exit(2);
    }
}

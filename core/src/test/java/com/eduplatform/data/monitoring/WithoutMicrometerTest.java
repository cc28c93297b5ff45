package com.eduplatform.data.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.testing.PostgresExtension;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Micrometer is an optional dependency: a host without it on the classpath builds, queries, reads the health report
 * and closes, with the slow-query log on. Proven by loading the library afresh in a class loader that cannot see
 * {@code io.micrometer}.
 */
class WithoutMicrometerTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.migrated();

    /** Loads everything itself from the test's class path, except Micrometer, which it refuses. */
    private static final class NoMicrometer extends URLClassLoader {

        NoMicrometer() {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.micrometer.")) {
                throw new ClassNotFoundException(name + " is hidden from this class loader");
            }
            return super.loadClass(name, resolve);
        }

        private static URL[] classPath() {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(entry -> {
                        try {
                            return new File(entry).toURI().toURL();
                        } catch (MalformedURLException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toArray(URL[]::new);
        }
    }

    @Test
    void aHostWithoutMicrometerBuildsQueriesAndReadsHealth() throws Exception {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try (NoMicrometer loader = new NoMicrometer()) {
            Thread.currentThread().setContextClassLoader(loader);
            assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            // The driver registers itself with DriverManager, which hands it only to callers of its own loader.
            Class.forName("org.postgresql.Driver", true, loader);
            Class<?> type = Class.forName("com.eduplatform.data.EduDatabase", true, loader);
            assertThat(type.getClassLoader()).isSameAs(loader);
            Object builder = type.getMethod("builder").invoke(null);
            Class<?> builderType = builder.getClass();
            // Reflecting over every method resolves every signature: none may name a Micrometer type.
            assertThat(builderType.getMethods()).extracting(java.lang.reflect.Method::getName)
                    .contains("meterRegistry", "slowQueryThreshold");
            assertThat(type.getMethods()).extracting(java.lang.reflect.Method::getName).contains("health");
            builderType.getMethod("jdbcUrl", String.class).invoke(builder, postgres.jdbcUrl());
            builderType.getMethod("user", String.class).invoke(builder, postgres.user());
            builderType.getMethod("password", String.class).invoke(builder, postgres.password());
            builderType.getMethod("maximumPoolSize", int.class).invoke(builder, 1);
            builderType.getMethod("slowQueryThreshold", java.time.Duration.class)
                    .invoke(builder, java.time.Duration.ZERO);
            AutoCloseable db = (AutoCloseable) builderType.getMethod("build").invoke(builder);
            try {
                Object report = type.getMethod("health").invoke(db);
                List<?> tables = (List<?>) report.getClass().getMethod("tables").invoke(report);
                assertThat(tables).isNotEmpty();
            } finally {
                db.close();
            }
        } finally {
            Thread.currentThread().setContextClassLoader(context);
        }
    }
}

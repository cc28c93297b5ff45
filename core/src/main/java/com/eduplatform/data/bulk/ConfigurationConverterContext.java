package com.eduplatform.data.bulk;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jooq.Configuration;
import org.jooq.ConverterContext;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;

/**
 * The context converters see when the loader writes a value: the entry point's configuration, so JSONB columns are
 * written with the host's ObjectMapper exactly as a repository insert writes them.
 */
final class ConfigurationConverterContext implements ConverterContext {

    private final Configuration configuration;
    private final Instant creationTime = Instant.now();
    private final Map<Object, Object> data = new HashMap<>();

    ConfigurationConverterContext(Configuration configuration) {
        this.configuration = configuration;
    }

    @Override
    public Instant creationTime() {
        return creationTime;
    }

    @Override
    public Configuration configuration() {
        return configuration;
    }

    @Override
    public DSLContext dsl() {
        return configuration.dsl();
    }

    @Override
    public Settings settings() {
        return configuration.settings();
    }

    @Override
    public SQLDialect dialect() {
        return configuration.dialect();
    }

    @Override
    public SQLDialect family() {
        return configuration.family();
    }

    @Override
    public Map<Object, Object> data() {
        return data;
    }

    @Override
    public Object data(Object key) {
        return data.get(key);
    }

    @Override
    public Object data(Object key, Object value) {
        return data.put(key, value);
    }
}

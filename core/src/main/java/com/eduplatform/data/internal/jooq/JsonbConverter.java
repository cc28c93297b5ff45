package com.eduplatform.data.internal.jooq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jooq.ConverterContext;
import org.jooq.JSONB;
import org.jooq.exception.DataTypeException;
import org.jooq.impl.AbstractContextConverter;

/**
 * {@code jsonb} as a Jackson type, read and written with the {@link ObjectMapper} stored in the executing
 * {@link org.jooq.Configuration}'s data under {@link #OBJECT_MAPPER} (the entry point puts the host's mapper there),
 * or with {@link #defaultObjectMapper()} where there is none.
 */
public final class JsonbConverter<U> extends AbstractContextConverter<JSONB, U> {

    /** The {@link org.jooq.Configuration#data(Object)} key of the ObjectMapper to use. */
    public static final String OBJECT_MAPPER = "com.eduplatform.data.objectMapper";

    private static final ObjectMapper DEFAULT = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    public JsonbConverter(Class<U> type) {
        super(JSONB.class, type);
    }

    /** {@code jsonb} as a {@link JsonNode} tree: for the documents the seed leaves free-form. */
    public static JsonbConverter<JsonNode> tree() {
        return new JsonbConverter<>(JsonNode.class);
    }

    /** The mapper used when the host configures none: java.time support, dates as ISO-8601 strings. */
    public static ObjectMapper defaultObjectMapper() {
        return DEFAULT;
    }

    @Override
    public U from(JSONB databaseObject, ConverterContext context) {
        if (databaseObject == null) {
            return null;
        }
        try {
            return mapper(context).readValue(databaseObject.data(), toType());
        } catch (JsonProcessingException e) {
            throw new DataTypeException("Cannot read jsonb as " + toType().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public JSONB to(U userObject, ConverterContext context) {
        if (userObject == null) {
            return null;
        }
        try {
            return JSONB.valueOf(mapper(context).writeValueAsString(userObject));
        } catch (JsonProcessingException e) {
            throw new DataTypeException("Cannot write " + toType().getSimpleName() + " as jsonb: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper mapper(ConverterContext context) {
        Object configured = context == null ? null : context.configuration().data(OBJECT_MAPPER);
        return configured instanceof ObjectMapper mapper ? mapper : DEFAULT;
    }
}

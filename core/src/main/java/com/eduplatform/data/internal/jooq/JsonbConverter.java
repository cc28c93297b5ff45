package com.eduplatform.data.internal.jooq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
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

    private final JavaType javaType;

    private JsonbConverter(Class<U> type, JavaType javaType) {
        super(JSONB.class, type);
        this.javaType = javaType;
    }

    /** {@code jsonb} as a {@link JsonNode} tree: for the documents the seed leaves free-form. */
    public static JsonbConverter<JsonNode> tree() {
        return of(JsonNode.class);
    }

    /** {@code jsonb} as {@code type}, a record whose shape the seed describes. */
    public static <U> JsonbConverter<U> of(Class<U> type) {
        return new JsonbConverter<>(type, TypeFactory.defaultInstance().constructType(type));
    }

    /** A {@code jsonb} array as a list of {@code elementType}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <E> JsonbConverter<List<E>> listOf(Class<E> elementType) {
        return new JsonbConverter<>((Class) List.class,
                TypeFactory.defaultInstance().constructCollectionType(List.class, elementType));
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
            return mapper(context).readValue(databaseObject.data(), javaType);
        } catch (JsonProcessingException e) {
            throw new DataTypeException("Cannot read jsonb as " + javaType.toCanonical() + ": "
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
            throw new DataTypeException("Cannot write " + javaType.toCanonical() + " as jsonb: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper mapper(ConverterContext context) {
        Object configured = context == null ? null : context.configuration().data(OBJECT_MAPPER);
        return configured instanceof ObjectMapper mapper ? mapper : DEFAULT;
    }
}

package com.eduplatform.data.internal.jooq;

import com.eduplatform.data.error.InvalidInputException;
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

    /** The {@link org.jooq.Configuration#data(Object)} key of the {@link Limits} documents are written within. */
    public static final String LIMITS = "com.eduplatform.data.jsonLimits";

    /**
     * The largest document written, in characters of its JSON text, and its deepest nesting of objects and arrays.
     * A document beyond either is refused before it reaches the database: a caller's JSON can neither fill a row
     * with megabytes nor nest deep enough to exhaust a parser's stack on the way back out.
     */
    public record Limits(int maxLength, int maxDepth) {

        /** 1 MiB of JSON text, 32 levels: far beyond any document the seed describes. */
        public static final Limits DEFAULT = new Limits(1 << 20, 32);

        public Limits {
            if (maxLength < 2 || maxDepth < 1) {
                throw new IllegalArgumentException("JSON limits must allow a document: maxLength >= 2, maxDepth >= 1");
            }
        }
    }

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
        String json;
        try {
            json = mapper(context).writeValueAsString(userObject);
        } catch (JsonProcessingException e) {
            throw new DataTypeException("Cannot write " + javaType.toCanonical() + " as jsonb: "
                    + e.getOriginalMessage(), e);
        }
        Object configured = context == null ? null : context.configuration().data(LIMITS);
        check(json, configured instanceof Limits limits ? limits : Limits.DEFAULT);
        return JSONB.valueOf(json);
    }

    private void check(String json, Limits limits) {
        String field = "jsonb " + javaType.getRawClass().getSimpleName();
        if (json.length() > limits.maxLength()) {
            throw new InvalidInputException(field, "the document has " + json.length()
                    + " characters of JSON, more than the limit of " + limits.maxLength());
        }
        int depth = depth(json);
        if (depth > limits.maxDepth()) {
            throw new InvalidInputException(field, "the document nests " + depth
                    + " levels of objects and arrays, more than the limit of " + limits.maxDepth());
        }
    }

    /** The deepest nesting of objects and arrays in well-formed JSON text, brackets inside strings aside. */
    static int depth(String json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return deepest;
    }

    private static ObjectMapper mapper(ConverterContext context) {
        Object configured = context == null ? null : context.configuration().data(OBJECT_MAPPER);
        return configured instanceof ObjectMapper mapper ? mapper : DEFAULT;
    }
}

package com.eduplatform.data.internal.jooq;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.Converter;
import org.jooq.EnumType;
import org.jooq.exception.DataTypeException;

/**
 * PostgreSQL arrays as unmodifiable {@link List}s, named by the codegen's forced types. A SQL {@code NULL} array is
 * a {@code null} list and an empty array an empty list: the two stay distinct. Elements may be {@code null}, as in
 * PostgreSQL.
 */
public final class ArrayConverters {

    private ArrayConverters() {
    }

    /** {@code text[]} and {@code varchar[]} as {@code List<String>}. */
    public static Converter<String[], List<String>> textList() {
        return new ListConverter<>(String[].class, Function.identity(), Function.identity());
    }

    /** {@code integer[]} as {@code List<Integer>}. */
    public static Converter<Integer[], List<Integer>> integerList() {
        return new ListConverter<>(Integer[].class, Function.identity(), Function.identity());
    }

    /** A {@code text[]} holding the literals of a CHECK list as a list of its enum. */
    public static <E extends Enum<E> & EnumType> Converter<String[], List<E>> enumList(Class<E> type) {
        Map<String, E> byLiteral = new HashMap<>();
        for (E constant : type.getEnumConstants()) {
            byLiteral.put(constant.getLiteral(), constant);
        }
        Function<String, E> read = literal -> {
            E constant = byLiteral.get(literal);
            if (constant == null) {
                throw new DataTypeException("'" + literal + "' is not a " + type.getSimpleName()
                        + "; expected one of " + byLiteral.keySet());
            }
            return constant;
        };
        return new ListConverter<>(String[].class, read, EnumType::getLiteral);
    }

    private static final class ListConverter<T, U> implements Converter<T[], List<U>> {

        private final Class<T[]> arrayType;
        private final Function<T, U> read;
        private final Function<U, T> write;

        ListConverter(Class<T[]> arrayType, Function<T, U> read, Function<U, T> write) {
            this.arrayType = arrayType;
            this.read = read;
            this.write = write;
        }

        @Override
        public List<U> from(T[] array) {
            if (array == null) {
                return null;
            }
            @SuppressWarnings("unchecked")
            U[] elements = (U[]) new Object[array.length];
            for (int i = 0; i < array.length; i++) {
                elements[i] = array[i] == null ? null : read.apply(array[i]);
            }
            return Collections.unmodifiableList(Arrays.asList(elements));
        }

        @Override
        public T[] to(List<U> list) {
            if (list == null) {
                return null;
            }
            @SuppressWarnings("unchecked")
            T[] array = (T[]) Array.newInstance(arrayType.getComponentType(), list.size());
            for (int i = 0; i < array.length; i++) {
                U element = list.get(i);
                array[i] = element == null ? null : write.apply(element);
            }
            return array;
        }

        @Override
        public Class<T[]> fromType() {
            return arrayType;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Class<List<U>> toType() {
            return (Class) List.class;
        }
    }
}

package com.eduplatform.data.types;

import java.util.Locale;
import org.jooq.EnumType;

/**
 * An enum standing for a {@code CHECK (col IN (...))} list of the schema. Each constant's database literal is its
 * name in lower case ({@code IN_PROGRESS} is stored as {@code 'in_progress'}), which is how jOOQ's enum converter
 * reads and writes it.
 */
public interface SchemaEnum extends EnumType {

    /** The constant's name, which every implementing enum has. */
    String name();

    /** The value stored in the database: the constant's name in lower case. */
    @Override
    default String getLiteral() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Always {@code null}: a CHECK list, not a PostgreSQL enum type. */
    @Override
    default String getName() {
        return null;
    }
}

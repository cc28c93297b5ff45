/**
 * The Java types the schema's columns map to: an enum for every {@code CHECK (col IN (...))} list, each storing
 * its database literal ({@link org.jooq.EnumType#getLiteral()}). The generated jOOQ classes use them directly.
 */
package com.eduplatform.data.types;

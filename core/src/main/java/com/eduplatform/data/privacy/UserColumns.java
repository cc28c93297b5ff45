package com.eduplatform.data.privacy;

import com.eduplatform.data.jooq.DefaultSchema;
import com.eduplatform.data.jooq.Tables;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.ForeignKey;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Where the schema holds user ids, found once from the generated metadata: every column with a foreign key to
 * {@code users}, every array of user ids and every JSONB object keyed by user id (marked by their column comment, V14_1,
 * since arrays have no foreign keys), and the detail tables (no user column of their own) whose rows belong to a row
 * that names the user, through their foreign keys. Conditions are written with unqualified column names, so they
 * apply to a table's archive twin ({@code archive.<name>}) as well.
 */
final class UserColumns {

    /** The comment prefix of an array column holding user ids. */
    static final String ARRAY_MARK = "user ids";
    /** The comment prefix of a JSONB object column keyed by user id. */
    static final String KEYED_MARK = "keyed by user id";

    /** A column naming a user: a foreign key to {@code users}, an array of user ids, or a JSONB object's keys. */
    record UserColumn(Table<?> table, Field<?> field, Kind kind, boolean derived) {

        String qualifiedName() {
            return table.getName() + "." + field.getName();
        }
    }

    enum Kind { REFERENCE, ARRAY, KEYS }

    private final List<UserColumn> columns;
    private final Map<Table<?>, List<ForeignKey<?, ?>>> detailLinks;
    private final List<Table<?>> tables;

    private UserColumns(List<UserColumn> columns, Map<Table<?>, List<ForeignKey<?, ?>>> detailLinks,
                        List<Table<?>> tables) {
        this.columns = columns;
        this.detailLinks = detailLinks;
        this.tables = tables;
    }

    static final UserColumns SCHEMA = discover();

    private static UserColumns discover() {
        List<Table<?>> all = DefaultSchema.DEFAULT_SCHEMA.getTables().stream()
                .filter(table -> table.getTableType().isTable()).toList();
        List<UserColumn> columns = new ArrayList<>();
        Set<Table<?>> owned = new HashSet<>();
        for (Table<?> table : all) {
            for (ForeignKey<?, ?> reference : table.getReferences()) {
                if (reference.getKey().getTable().equals(Tables.USERS)) {
                    columns.add(new UserColumn(table, reference.getFields().get(0), Kind.REFERENCE, false));
                    owned.add(table);
                }
            }
            for (Field<?> field : table.fields()) {
                String comment = field.getComment() == null ? "" : field.getComment();
                if (comment.startsWith(ARRAY_MARK)) {
                    columns.add(new UserColumn(table, field, Kind.ARRAY, comment.contains("(derived)")));
                } else if (comment.startsWith(KEYED_MARK)) {
                    columns.add(new UserColumn(table, field, Kind.KEYS, false));
                }
            }
        }
        // The users table itself: its own row.
        columns.add(0, new UserColumn(Tables.USERS, Tables.USERS.ID, Kind.REFERENCE, false));
        // Detail tables: no foreign key to users of their own; their rows belong to the rows they reference.
        Map<Table<?>, List<ForeignKey<?, ?>>> details = new LinkedHashMap<>();
        for (Table<?> table : all) {
            if (owned.contains(table) || table.equals(Tables.USERS)) {
                continue;
            }
            List<ForeignKey<?, ?>> links = table.getReferences().stream()
                    .filter(reference -> !reference.getKey().getTable().equals(table))
                    .<ForeignKey<?, ?>>map(reference -> reference).toList();
            if (!links.isEmpty()) {
                details.put(table, links);
            }
        }
        return new UserColumns(List.copyOf(columns), details, all);
    }

    /** Every column naming a user, the users table's own id first. */
    List<UserColumn> columns() {
        return columns;
    }

    /** The generated tables (materialized views aside), in the schema's order. */
    List<Table<?>> tables() {
        return tables;
    }

    /**
     * The rows of {@code table} about {@code userId}: a user column names the user, or it is a detail row of a row
     * the user owns. {@code null} when no row of the table can be.
     */
    Condition about(Table<?> table, String userId) {
        return matching(table, userId, false, new HashSet<>());
    }

    /**
     * The rows of {@code table} the user owns: a foreign key to {@code users} names them (being in an array, as a
     * recipient or a member, is not owning), or it is a detail row of a row they own.
     */
    private Condition matching(Table<?> table, String userId, boolean ownedOnly, Set<Table<?>> visiting) {
        if (!visiting.add(table)) {
            return null;
        }
        List<Condition> any = new ArrayList<>();
        for (UserColumn column : columns) {
            if (column.table().equals(table) && (!ownedOnly || column.kind() == Kind.REFERENCE)) {
                any.add(names(column, userId));
            }
        }
        for (ForeignKey<?, ?> link : detailLinks.getOrDefault(table, List.of())) {
            Table<?> parent = link.getKey().getTable();
            Condition parentOwned = matching(parent, userId, true, visiting);
            if (parentOwned != null) {
                any.add(DSL.field(DSL.name(link.getFields().get(0).getName())).in(
                        DSL.select(DSL.field(DSL.name(link.getKeyFields().get(0).getName())))
                                .from(DSL.table(DSL.name(parent.getName()))).where(parentOwned)));
            }
        }
        visiting.remove(table);
        return any.isEmpty() ? null : DSL.or(any);
    }

    /** Whether {@code column} of a row names {@code userId}; unqualified, the value always bound. */
    static Condition names(UserColumn column, String userId) {
        Field<Object> field = DSL.field(DSL.name(column.field().getName()));
        return switch (column.kind()) {
            case REFERENCE -> field.eq(DSL.val(userId));
            case ARRAY -> DSL.condition("{0} @> ARRAY[{1}]::text[]", field, DSL.val(userId));
            case KEYS -> DSL.condition("jsonb_exists({0}, {1})", field, DSL.val(userId));
        };
    }
}

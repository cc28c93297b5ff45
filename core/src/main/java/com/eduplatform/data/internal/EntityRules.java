package com.eduplatform.data.internal;

import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.jooq.Tables;
import com.eduplatform.data.types.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Record;
import org.jooq.Table;

/**
 * The few rules an entity has of its own, beyond what the generated metadata tells: the columns the schema derives
 * itself (written only by its triggers) and checks across columns that can be judged before SQL. Every other
 * table has none; this is the one place per-entity validation lives.
 */
final class EntityRules {

    /** A check of a whole row (an insert) or of the changes of an update. */
    interface Rule {
        Rule NONE = (row, insert) -> { };

        void check(Record row, boolean insert);
    }

    private static final Map<Table<?>, Set<String>> MAINTAINED = Map.of(
            // Derived from content_shares (V5_1).
            Tables.CONTENT_GENERATIONS, Set.of(Tables.CONTENT_GENERATIONS.SHARED_WITH.getName()),
            // Derived from student_profiles.parent_id (V1_3).
            Tables.PARENT_PROFILES, Set.of(Tables.PARENT_PROFILES.CHILDREN_IDS.getName()),
            // Copied out of users.email by a trigger (V13_2).
            Tables.USERS, Set.of(Tables.USERS.EMAIL_HASH.getName()));

    private static final Map<Table<?>, Rule> RULES = Map.of(Tables.USERS, EntityRules::roleIsOneOfRoles);

    private EntityRules() {
    }

    static Set<String> maintainedColumns(Table<?> table) {
        return MAINTAINED.getOrDefault(table, Set.of());
    }

    static Rule rule(Table<?> table) {
        return RULES.getOrDefault(table, Rule.NONE);
    }

    /** users: the role, when set, must be one of the roles (users_role_in_roles_check). */
    private static void roleIsOneOfRoles(Record row, boolean insert) {
        if (!row.changed(Tables.USERS.ROLE) || !row.changed(Tables.USERS.ROLES)) {
            return;
        }
        Role role = row.get(Tables.USERS.ROLE);
        List<Role> roles = row.get(Tables.USERS.ROLES);
        if (role != null && roles != null && !roles.contains(role)) {
            throw new InvalidInputException("users.role",
                    "must be one of the user's roles " + roles + " (was " + role + ")");
        }
    }
}

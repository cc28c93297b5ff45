package com.eduplatform.data.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit trail's part of the schema read from the catalog, so a table added later without its audit triggers, or
 * a grant that lets a role other than the auditor read or anyone change the audit, fails here.
 */
class AuditCatalogTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.migrated();

    @Test
    void everyTableOfSchemaPublicButFlywaysHasTheFourStatementLevelAuditTriggers() throws SQLException {
        List<String> unaudited = strings("""
                select c.relname from pg_class c
                where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
                  and c.relname <> 'flyway_schema_history'
                  and (select count(*) from pg_trigger t
                       where t.tgrelid = c.oid and t.tgfoid = 'audit.record_change()'::regprocedure
                         and t.tgenabled = 'O' and t.tgtype & 1 = 0
                         and t.tgname in ('audit_insert', 'audit_update', 'audit_delete', 'audit_truncate')) <> 4
                order by 1""");
        List<String> audited = strings("""
                select distinct c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid
                where t.tgfoid = 'audit.record_change()'::regprocedure""");

        assertThat(unaudited).isEmpty();
        assertThat(audited).contains("users", "user_activity_logs", "practice_sessions").hasSizeGreaterThan(25)
                .doesNotContain("flyway_schema_history");
    }

    @Test
    void theAuditBelongsToTheOwnerAndOnlyTheAuditorAndTheDefinerHoldPrivilegesOnIt() throws SQLException {
        List<String> notOwned = strings("""
                select c.relname from pg_class c
                where c.relnamespace = 'audit'::regnamespace and c.relkind in ('r', 'p')
                  and c.relowner <> 'edudata_owner'::regrole
                union all
                select 'schema audit' where (select nspowner from pg_namespace where nspname = 'audit')
                                            <> 'edudata_owner'::regrole""");
        List<String> granted = strings("""
                select r.rolname || ' ' || v.privilege || ' ' || c.relname
                from pg_class c
                cross join (values ('edudata_app'), ('edudata_analytics'), ('edudata_auditor'), ('edudata_definer'),
                                   ('public')) r (rolname)
                cross join (values ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE'), ('REFERENCES'),
                                   ('TRIGGER')) v (privilege)
                where c.relnamespace = 'audit'::regnamespace and c.relkind in ('r', 'p')
                  and case when r.rolname = 'public'
                           then exists (select 1 from aclexplode(c.relacl) a
                                        where a.grantee = 0 and a.privilege_type = v.privilege)
                           else has_table_privilege(r.rolname, c.oid, v.privilege) end
                order by 1""");

        assertThat(notOwned).isEmpty();
        assertThat(granted).noneMatch(grant -> grant.startsWith("edudata_app ")
                        || grant.startsWith("edudata_analytics ") || grant.startsWith("public "))
                .noneMatch(grant -> grant.contains(" UPDATE ") || grant.contains(" DELETE ")
                        || grant.contains(" TRUNCATE ") || grant.contains(" REFERENCES ") || grant.contains(" TRIGGER "))
                .noneMatch(grant -> grant.startsWith("edudata_auditor ") && !grant.contains(" SELECT "))
                .contains("edudata_auditor SELECT entries", "edudata_auditor SELECT seals",
                        "edudata_definer INSERT entries", "edudata_definer INSERT seals");
    }

    @Test
    void theAuditFunctionsThatWriteAreSecurityDefinersOfTheDefinerRoleWithAFixedSearchPath() throws SQLException {
        List<String> definers = strings("""
                select p.proname || ' owner=' || pg_get_userbyid(p.proowner) || ' path='
                       || (select count(*) from unnest(p.proconfig) s where s like 'search_path=%')
                from pg_proc p where p.pronamespace = 'audit'::regnamespace and p.prosecdef order by 1""");
        List<String> executable = strings("""
                select r.rolname || ' ' || p.proname from pg_proc p
                cross join (values ('edudata_app'), ('edudata_analytics')) r (rolname)
                where p.pronamespace = 'audit'::regnamespace and has_function_privilege(r.rolname, p.oid, 'EXECUTE')
                order by 1""");

        assertThat(definers).containsExactly("record_change owner=edudata_definer path=1",
                "record_read owner=edudata_definer path=1", "seal owner=edudata_definer path=1",
                "verify owner=edudata_definer path=1");
        assertThat(executable).containsExactly("edudata_app record_read", "edudata_app seal", "edudata_app verify");
    }

    @Test
    void theEntriesArePartitionedByMonthWithADefaultPartitionAndMonthsAhead() throws SQLException {
        List<String> partitions = strings("""
                select count(*) filter (where pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT') || ' '
                       || count(*) filter (where pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
                                             and c.relname > 'entries_y' || to_char(now() + interval '11 months', 'YYYY"m"MM'))
                from pg_inherits i join pg_class c on c.oid = i.inhrelid
                where i.inhparent = 'audit.entries'::regclass""");

        assertThat(partitions).containsExactly("1 1");
    }

    private static List<String> strings(String sql) throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}

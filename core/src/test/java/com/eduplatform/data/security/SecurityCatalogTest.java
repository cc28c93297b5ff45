package com.eduplatform.data.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The security of the schema read from the catalog, so a table, partition, function or grant added later without
 * its part of it fails here: forced row-level security and application policies on every table but the reference
 * data, ownership by edudata_owner, no privilege that bypasses the policies, and the roles' attributes.
 */
class SecurityCatalogTest {

    /** Tables that hold nobody's data, read by every acting user and written by no application user. */
    private static final List<String> REFERENCE_DATA = List.of("curriculum_standards", "subscription_tiers");

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.migrated();

    @Test
    void everyTableButTheReferenceDataForcesRowLevelSecurityWithPoliciesForTheApplication() throws SQLException {
        List<String> unprotected = strings("""
                select c.relname from pg_class c
                where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
                  and c.relname <> 'flyway_schema_history'
                  and not (c.relrowsecurity and c.relforcerowsecurity
                           and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polcmd = 'r'
                                       and 'edudata_app'::regrole = any (p.polroles)))
                order by 1""");
        List<String> referenceDataWritable = strings("""
                select c.relname from pg_class c
                where c.relnamespace = 'public'::regnamespace and c.relname = any (?)
                  and (has_table_privilege('edudata_app', c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
                       or not has_table_privilege('edudata_app', c.oid, 'SELECT'))""", REFERENCE_DATA);

        assertThat(unprotected).containsExactlyInAnyOrderElementsOf(REFERENCE_DATA);
        assertThat(referenceDataWritable).isEmpty();
    }

    @Test
    void policiesNameOnlyTheApplicationOrLetAnalyticsReadOnly() throws SQLException {
        List<String> strays = strings("""
                select c.relname || '.' || p.polname from pg_policy p join pg_class c on c.oid = p.polrelid
                where c.relnamespace = 'public'::regnamespace
                  and not (p.polroles = array['edudata_app'::regrole::oid]
                           or (p.polroles = array['edudata_analytics'::regrole::oid] and p.polcmd = 'r'))""");

        assertThat(strays).isEmpty();
        assertThat(strings("select polname from pg_policy")).hasSizeGreaterThan(90);
    }

    @Test
    void edudataOwnerOwnsTheSchemaAndNoOtherRoleHoldsAPrivilegeThatBypassesThePolicies() throws SQLException {
        List<String> notOwned = strings("""
                select c.relname from pg_class c
                where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v')
                  and c.relname <> 'flyway_schema_history' and c.relowner <> 'edudata_owner'::regrole
                union all
                -- V11_5: a refresh runs as the view's owner, which must read past the policies.
                select c.relname from pg_class c
                where c.relnamespace = 'public'::regnamespace and c.relkind = 'm'
                  and c.relowner <> 'edudata_definer'::regrole
                union all
                select p.proname from pg_proc p
                where p.pronamespace in ('public'::regnamespace, 'edudata_rls'::regnamespace)
                  and p.proowner not in ('edudata_owner'::regrole, 'edudata_definer'::regrole)""");
        List<String> bypassing = strings("""
                select r.rolname || ' ' || privilege || ' ' || c.relname
                from pg_class c
                cross join (values ('edudata_app'), ('edudata_analytics'), ('edudata_auditor')) r (rolname)
                cross join (values ('TRUNCATE'), ('REFERENCES'), ('TRIGGER')) v (privilege)
                where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
                  and has_table_privilege(r.rolname, c.oid, v.privilege)
                union all
                select r.rolname || ' on partition ' || c.relname
                from pg_class c cross join (values ('edudata_app'), ('edudata_analytics'), ('edudata_auditor')) r (rolname)
                where c.relnamespace = 'public'::regnamespace and c.relispartition
                  and has_table_privilege(r.rolname, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
                union all
                select 'edudata_app on materialized view ' || c.relname from pg_class c
                where c.relkind = 'm' and has_table_privilege('edudata_app', c.oid, 'SELECT')
                union all
                select r.rolname || ' on flyway_schema_history'
                from (values ('edudata_app'), ('edudata_analytics')) r (rolname)
                where has_table_privilege(r.rolname, 'flyway_schema_history', 'SELECT, INSERT, UPDATE, DELETE')
                union all
                select r.rolname || ' may create in ' || n.nspname
                from pg_namespace n
                cross join (values ('edudata_app'), ('edudata_analytics'), ('edudata_auditor')) r (rolname)
                where n.nspname in ('public', 'edudata_rls') and has_schema_privilege(r.rolname, n.oid, 'CREATE')""");

        assertThat(notOwned).isEmpty();
        assertThat(bypassing).isEmpty();
    }

    @Test
    void theRolesHaveOnlyTheAttributesTheirJobNeeds() throws SQLException {
        List<String> roles = strings("""
                select rolname || ' super=' || rolsuper || ' bypassrls=' || rolbypassrls || ' login=' || rolcanlogin
                       || ' createrole=' || rolcreaterole || ' createdb=' || rolcreatedb
                from pg_roles where rolname like 'edudata\\_%' and rolname not like 'edudata\\_test\\_%'
                order by rolname""");
        List<String> definerMembers = strings("""
                select m.member::regrole::text from pg_auth_members m where m.roleid = 'edudata_definer'::regrole""");
        List<String> groupsOfTheApplication = strings("""
                select g.rolname from pg_roles g
                where g.rolname in ('edudata_owner', 'edudata_definer', 'edudata_analytics', 'edudata_auditor')
                  and pg_has_role('edudata_app', g.oid, 'MEMBER')""");

        assertThat(roles).containsExactly(
                "edudata_analytics super=false bypassrls=false login=false createrole=false createdb=false",
                "edudata_app super=false bypassrls=false login=false createrole=false createdb=false",
                "edudata_auditor super=false bypassrls=false login=false createrole=false createdb=false",
                "edudata_definer super=false bypassrls=true login=false createrole=false createdb=false",
                "edudata_owner super=false bypassrls=false login=false createrole=false createdb=false");
        assertThat(definerMembers).as("nobody acts as the definer role but its functions").isEmpty();
        assertThat(groupsOfTheApplication).isEmpty();
    }

    @Test
    void everySecurityDefinerFunctionBelongsToTheDefinerRoleWithAFixedSearchPathAndIsNotPublic() throws SQLException {
        List<String> definers = strings("""
                select p.oid::regprocedure::text from pg_proc p
                where p.prosecdef and p.pronamespace in ('public'::regnamespace, 'edudata_rls'::regnamespace)""");
        List<String> unsafe = strings("""
                select p.oid::regprocedure::text from pg_proc p
                where p.prosecdef and p.pronamespace in ('public'::regnamespace, 'edudata_rls'::regnamespace)
                  and (p.proowner <> 'edudata_definer'::regrole
                       or not exists (select 1 from unnest(p.proconfig) s where s like 'search_path=%')
                       or (p.prorettype <> 'trigger'::regtype and has_function_privilege('edudata_analytics', p.oid,
                                                                                         'EXECUTE')))""");

        assertThat(definers).hasSizeGreaterThan(15).contains("edudata_rls.identity()", "children_of(character varying)",
                "enforce_array_references()");
        assertThat(unsafe).isEmpty();
    }

    @Test
    void theDefinerRoleMayDoWhatEveryArrayTriggerAsksOfIt() throws SQLException {
        List<String> arrayTriggers = strings("""
                select t.tgname from pg_trigger t join pg_proc p on p.oid = t.tgfoid
                where p.proname in ('enforce_array_references', 'remove_deleted_array_references')""");
        List<String> missing = strings("""
                with uses as (
                    select p.proname, t.tgname, string_to_array(encode(t.tgargs, 'escape'), '\\000') as args
                    from pg_trigger t join pg_proc p on p.oid = t.tgfoid
                    where p.proname in ('enforce_array_references', 'remove_deleted_array_references'))
                select tgname from uses
                where (proname = 'enforce_array_references'
                       and not (has_column_privilege('edudata_definer', args[2], args[3], 'SELECT')
                                and has_any_column_privilege('edudata_definer', args[2], 'UPDATE')))
                   or (proname = 'remove_deleted_array_references'
                       and not (has_column_privilege('edudata_definer', args[1], args[2], 'SELECT, UPDATE')))""");

        assertThat(arrayTriggers).hasSizeGreaterThanOrEqualTo(10);
        assertThat(missing).isEmpty();
    }

    private static List<String> strings(String sql, Object... parameters) throws SQLException {
        try (Connection connection = postgres.connect();
             var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object parameter = parameters[i];
                statement.setObject(i + 1, parameter instanceof List<?> list
                        ? connection.createArrayOf("text", list.toArray()) : parameter);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }
}

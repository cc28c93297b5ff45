package com.eduplatform.data.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The schema of a database as sorted lines of text, one per fact, read from the catalog (zonky's binaries have no
 * pg_dump): schemas, tables, views and sequences with their kind, owner, grants, row-level security flags and
 * partitioning; columns (position among the live columns, type, nullability, default, identity, grants); constraints,
 * indexes and triggers by definition; policies; functions by full definition, owner and grants; view queries;
 * comments; default privileges. Flyway's history table is left out, and so are the cluster-wide roles.
 */
final class CatalogSnapshot {

    private static final String SQL = """
            with rels as (
                select c.oid, c.relname, c.relkind, n.nspname
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
                  and c.relname not like 'flyway\\_schema\\_history%')
            select format('schema %s owner=%s acl=%s', n.nspname, pg_get_userbyid(n.nspowner),
                          (select string_agg(v, ',' order by v)
                           from (select format('%s:%s:%s', pg_get_userbyid(e.grantee), e.privilege_type,
                                               e.is_grantable) v
                                 from aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) e) s))
            from pg_namespace n
            where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
            union all
            select format('class %s.%s kind=%s owner=%s persistence=%s rls=%s force=%s options=%s partition=%s '
                          || 'key=%s acl=%s',
                          r.nspname, r.relname, c.relkind, pg_get_userbyid(c.relowner), c.relpersistence,
                          c.relrowsecurity, c.relforcerowsecurity, c.reloptions,
                          case when c.relispartition then (select i.inhparent::regclass::text from pg_inherits i
                                                           where i.inhrelid = c.oid) || ' '
                                                          || pg_get_expr(c.relpartbound, c.oid) end,
                          case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end,
                          (select string_agg(v, ',' order by v)
                           from (select format('%s:%s:%s', pg_get_userbyid(e.grantee), e.privilege_type,
                                               e.is_grantable) v
                                 from aclexplode(coalesce(c.relacl, acldefault(
                                   case c.relkind when 'S' then 's' else 'r' end::"char", c.relowner))) e) s))
            from rels r join pg_class c on c.oid = r.oid
            where r.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
            union all
            select format('column %s.%s #%s %s type=%s notnull=%s default=%s identity=%s generated=%s '
                          || 'collation=%s acl=%s',
                          r.nspname, r.relname,
                          row_number() over (partition by a.attrelid order by a.attnum), a.attname,
                          format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
                          a.attidentity, a.attgenerated, a.attcollation::regcollation, a.attacl)
            from rels r
            join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
            left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
            where r.relkind in ('r', 'p', 'v', 'm', 'f')
            union all
            select format('constraint %s.%s %s type=%s validated=%s deferrable=%s deferred=%s def=%s',
                          r.nspname, r.relname, co.conname, co.contype, co.convalidated, co.condeferrable,
                          co.condeferred, pg_get_constraintdef(co.oid))
            from pg_constraint co join rels r on r.oid = co.conrelid
            union all
            select format('index %s.%s valid=%s def=%s', r.nspname, r.relname, i.indisvalid,
                          pg_get_indexdef(i.indexrelid))
            from pg_index i join rels r on r.oid = i.indexrelid
            union all
            select format('sequence %s.%s type=%s start=%s inc=%s min=%s max=%s cache=%s cycle=%s',
                          r.nspname, r.relname, s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin,
                          s.seqmax, s.seqcache, s.seqcycle)
            from pg_sequence s join rels r on r.oid = s.seqrelid
            union all
            select format('trigger %s.%s %s enabled=%s def=%s', r.nspname, r.relname, t.tgname, t.tgenabled,
                          pg_get_triggerdef(t.oid))
            from pg_trigger t join rels r on r.oid = t.tgrelid
            where not t.tgisinternal
            union all
            select format('policy %s.%s %s cmd=%s permissive=%s roles=%s using=%s check=%s', r.nspname, r.relname,
                          p.polname, p.polcmd, p.polpermissive,
                          (select string_agg(v, ',' order by v)
                           from (select case when x = 0 then 'public' else pg_get_userbyid(x) end v
                                                        from unnest(p.polroles) x) s),
                          pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
            from pg_policy p join rels r on r.oid = p.polrelid
            union all
            select format('function %s owner=%s acl=%s def=%s', p.oid::regprocedure, pg_get_userbyid(p.proowner),
                          (select string_agg(v, ',' order by v)
                           from (select format('%s:%s:%s', pg_get_userbyid(e.grantee), e.privilege_type,
                                               e.is_grantable) v
                                 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) e) s),
                          pg_get_functiondef(p.oid))
            from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' and p.prokind in ('f', 'p')
            union all
            select format('view %s.%s def=%s', r.nspname, r.relname, pg_get_viewdef(r.oid))
            from rels r where r.relkind in ('v', 'm')
            union all
            select format('comment %s %s', pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description)
            from pg_description d
            where (d.classoid = 'pg_class'::regclass and d.objoid in (select oid from rels))
               or (d.classoid = 'pg_namespace'::regclass
                   and d.objoid in (select oid from pg_namespace where nspname not like 'pg\\_%'
                                    and nspname <> 'information_schema'))
               or (d.classoid = 'pg_proc'::regclass
                   and d.objoid in (select p.oid from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                                    where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'))
            union all
            select format('default acl %s %s %s %s', pg_get_userbyid(defaclrole), defaclnamespace::regnamespace,
                          defaclobjtype, defaclacl)
            from pg_default_acl
            order by 1""";

    private CatalogSnapshot() {
    }

    static List<String> of(DataSource dataSource) throws SQLException {
        List<String> facts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(SQL)) {
            while (rows.next()) {
                facts.add(rows.getString(1));
            }
        }
        return facts;
    }
}

-- Undoes V11_2__create_acting_user_functions.sql: the derived-array and array-foreign-key functions run as their
-- caller again, owned by edudata_owner (as V11_1 left them) and executable by PUBLIC; edudata_definer loses its
-- grants; the policies' helpers go. Run U11_3 first (its policies call the helpers).
ALTER FUNCTION children_of(varchar) SECURITY INVOKER RESET search_path;
ALTER FUNCTION children_of(varchar) OWNER TO edudata_owner;
ALTER FUNCTION parent_profiles_check_children_ids() SECURITY INVOKER RESET search_path;
ALTER FUNCTION parent_profiles_check_children_ids() OWNER TO edudata_owner;
ALTER FUNCTION student_profiles_sync_children_ids() SECURITY INVOKER RESET search_path;
ALTER FUNCTION student_profiles_sync_children_ids() OWNER TO edudata_owner;
ALTER FUNCTION shares_of(integer) SECURITY INVOKER RESET search_path;
ALTER FUNCTION shares_of(integer) OWNER TO edudata_owner;
ALTER FUNCTION content_shares_sync_shared_with() SECURITY INVOKER RESET search_path;
ALTER FUNCTION content_shares_sync_shared_with() OWNER TO edudata_owner;
ALTER FUNCTION content_generations_check_shared_with() SECURITY INVOKER RESET search_path;
ALTER FUNCTION content_generations_check_shared_with() OWNER TO edudata_owner;
ALTER FUNCTION enforce_array_references() SECURITY INVOKER RESET search_path;
ALTER FUNCTION enforce_array_references() OWNER TO edudata_owner;
ALTER FUNCTION remove_deleted_array_references() SECURITY INVOKER RESET search_path;
ALTER FUNCTION remove_deleted_array_references() OWNER TO edudata_owner;
GRANT EXECUTE ON FUNCTION children_of(varchar), shares_of(integer) TO PUBLIC;

REVOKE ALL ON users, admin_profiles, student_profiles, content_shares, parent_profiles, content_generations,
    doubt_submissions, generated_exams, workspaces, communication_logs FROM edudata_definer;

DROP FUNCTION edudata_rls.keeps_user_privileges(varchar, varchar, varchar, text[], varchar, boolean, varchar, integer);
DROP FUNCTION edudata_rls.publicly_shared(integer, varchar, text[]);
DROP FUNCTION edudata_rls.workspace_content();
DROP FUNCTION edudata_rls.tenant_users();
DROP FUNCTION edudata_rls.writable_users();
DROP FUNCTION edudata_rls.readable_users();
DROP FUNCTION edudata_rls.tenant_schools();
DROP FUNCTION edudata_rls.readable_schools();
DROP FUNCTION edudata_rls.managed_schools();
DROP FUNCTION edudata_rls.acting_school_id();
DROP FUNCTION edudata_rls.acting_user_id();
DROP FUNCTION edudata_rls.identity();

REVOKE USAGE ON SCHEMA edudata_rls FROM edudata_app, edudata_definer;

-- Group 11, security: row-level security for tenant isolation (the seed's "row-level security for multi-tenant
-- isolation").
--
-- Every table holding a user's or a school's data has row-level security ENABLEd and FORCEd, so its owner is
-- filtered too, and policies for edudata_app only: any other role (the owner among them) gets no row of them unless
-- a policy of its own says so (edudata_analytics, V11_4). A superuser, and a role with BYPASSRLS, are not filtered:
-- that is how the migrations and the library's own test suite run.
--
-- A row belongs to a user (its user_id, student_id, uploaded_by, created_by, from_user_id, shared_by) or to a piece of
-- content (content_generation_id, through the content's own policy). The sets of V11_2 decide:
--   read   a row of a readable user (the user, a parent's children, a teacher's school, an admin's schools); a piece
--          of content also when it is shared with the user (content_generations.shared_with, derived from
--          content_shares), in a workspace they are a member of, or publicly shared within their tenant; a row that
--          depends on content (exam, lesson, questions, alignment, versions) when the content is readable;
--   write  a row of a writable user (the user, a teacher's school, an admin's schools), checked again on the new row
--          (WITH CHECK), so nobody writes a row into another tenant; rows addressed to someone else (a notification,
--          a message's recipients, a share's recipient, workspace members, a student's parent) may name only users
--          of the writer's tenant.
-- With no acting user every set is empty and every policy false: nothing is seen, nothing written (fail closed).
--
-- Per table, beyond that pattern:
--   users                read by id or by school (a new user of an admin's school is readable in its own INSERT ...
--                        RETURNING); created, deleted and moved between schools by the admins of their school only; a
--                        user may edit their own row but not the columns that grant access (keeps_user_privileges).
--   admin_profiles       read-only here: managed_schools grants access, so only a privileged connection changes it.
--   doubt_submissions    also read and written by the teacher who resolves the doubt (resolver_id).
--   generated_exams      also read by the students who attempted them (used_by_students), and written by anyone who
--                        can read a published exam (recording an attempt); exam_questions likewise.
--   content_generations  also written by its share holders: a share is made within the tenant, and what a share type
--                        allows is the library's SharingService's to decide.
--   content_feedback,
--   educational_resources also read and written by those who can read the content, or (resources) by the tenant
--                        once approved: helpful votes and usage counts are written by others than the author.
-- Reference data (curriculum_standards, subscription_tiers) holds nobody's data: no row-level security, read-only for
-- edudata_app (V11_4). user_activity_logs is partitioned: the policies of the parent apply to every row read or
-- written through it, and no role but the owner has any privilege on a partition itself.
--
-- The predicates compare a row's key column with a set computed once per statement ((SELECT f()), an InitPlan), so the
-- indexes on user_id, student_id, ... serve them; a row that depends on content looks its content up by primary key.

-- The common pattern: a row of one user, named by `owner`.
DO
$$
DECLARE
    owned record;
BEGIN
    FOR owned IN
        SELECT * FROM (VALUES ('user_sessions', 'user_id'), ('user_activity_logs', 'user_id'),
                              ('user_performance_metrics', 'user_id'), ('usage_counters', 'user_id'),
                              ('parent_profiles', 'user_id'), ('tutoring_sessions', 'student_id'),
                              ('practice_sessions', 'student_id')) AS t (name, owner)
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', owned.name);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO edudata_app '
                       'USING (%I = ANY ((SELECT edudata_rls.readable_users())::text[]))',
                       owned.name || '_select', owned.name, owned.owner);
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO edudata_app '
                       'WITH CHECK (%I = ANY ((SELECT edudata_rls.writable_users())::text[]))',
                       owned.name || '_insert', owned.name, owned.owner);
        EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO edudata_app '
                       'USING (%I = ANY ((SELECT edudata_rls.writable_users())::text[])) '
                       'WITH CHECK (%I = ANY ((SELECT edudata_rls.writable_users())::text[]))',
                       owned.name || '_update', owned.name, owned.owner, owned.owner);
        EXECUTE format('CREATE POLICY %I ON %I FOR DELETE TO edudata_app '
                       'USING (%I = ANY ((SELECT edudata_rls.writable_users())::text[]))',
                       owned.name || '_delete', owned.name, owned.owner);
    END LOOP;
END
$$;

-- users
ALTER TABLE users ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY users_select ON users FOR SELECT TO edudata_app
    USING (id = ANY ((SELECT edudata_rls.readable_users())::text[])
           OR school_id = ANY ((SELECT edudata_rls.readable_schools())::text[]));
CREATE POLICY users_insert ON users FOR INSERT TO edudata_app
    WITH CHECK (school_id = ANY ((SELECT edudata_rls.managed_schools())::text[]));
CREATE POLICY users_update ON users FOR UPDATE TO edudata_app
    USING (id = (SELECT edudata_rls.acting_user_id())
           OR school_id = ANY ((SELECT edudata_rls.managed_schools())::text[]))
    WITH CHECK (school_id = ANY ((SELECT edudata_rls.managed_schools())::text[])
                OR (id = (SELECT edudata_rls.acting_user_id())
                    AND edudata_rls.keeps_user_privileges(id, auth0_id, role, roles, school_id, is_active,
                                                          subscription_tier, usage_quota)));
CREATE POLICY users_delete ON users FOR DELETE TO edudata_app
    USING (school_id = ANY ((SELECT edudata_rls.managed_schools())::text[]));

-- student_profiles: parent_id names a user of the tenant.
ALTER TABLE student_profiles ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY student_profiles_select ON student_profiles FOR SELECT TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.readable_users())::text[]));
CREATE POLICY student_profiles_insert ON student_profiles FOR INSERT TO edudata_app
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND (parent_id IS NULL OR parent_id = ANY ((SELECT edudata_rls.tenant_users())::text[])));
CREATE POLICY student_profiles_update ON student_profiles FOR UPDATE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]))
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND (parent_id IS NULL OR parent_id = ANY ((SELECT edudata_rls.tenant_users())::text[])));
CREATE POLICY student_profiles_delete ON student_profiles FOR DELETE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]));

-- teacher_profiles: school_id names a school of the tenant.
ALTER TABLE teacher_profiles ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY teacher_profiles_select ON teacher_profiles FOR SELECT TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.readable_users())::text[]));
CREATE POLICY teacher_profiles_insert ON teacher_profiles FOR INSERT TO edudata_app
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND (school_id IS NULL OR school_id = ANY ((SELECT edudata_rls.tenant_schools())::text[])));
CREATE POLICY teacher_profiles_update ON teacher_profiles FOR UPDATE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]))
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND (school_id IS NULL OR school_id = ANY ((SELECT edudata_rls.tenant_schools())::text[])));
CREATE POLICY teacher_profiles_delete ON teacher_profiles FOR DELETE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]));

-- admin_profiles: read-only for the application.
ALTER TABLE admin_profiles ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_profiles_select ON admin_profiles FOR SELECT TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.readable_users())::text[]));

-- notifications: sent to anyone of the tenant, read and handled by its user.
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY notifications_select ON notifications FOR SELECT TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.readable_users())::text[]));
CREATE POLICY notifications_insert ON notifications FOR INSERT TO edudata_app
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.tenant_users())::text[]));
CREATE POLICY notifications_update ON notifications FOR UPDATE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]))
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]));
CREATE POLICY notifications_delete ON notifications FOR DELETE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]));

-- communication_logs: from a writable user to users of the tenant; read by the sender's readers and the recipients.
ALTER TABLE communication_logs ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY communication_logs_select ON communication_logs FOR SELECT TO edudata_app
    USING (from_user_id = ANY ((SELECT edudata_rls.readable_users())::text[])
           OR to_user_ids @> ARRAY [(SELECT edudata_rls.acting_user_id())::text]);
CREATE POLICY communication_logs_insert ON communication_logs FOR INSERT TO edudata_app
    WITH CHECK (from_user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND to_user_ids <@ (SELECT edudata_rls.tenant_users()));
CREATE POLICY communication_logs_update ON communication_logs FOR UPDATE TO edudata_app
    USING (from_user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
           OR to_user_ids @> ARRAY [(SELECT edudata_rls.acting_user_id())::text])
    WITH CHECK (from_user_id = ANY ((SELECT edudata_rls.tenant_users())::text[])
                AND to_user_ids <@ (SELECT edudata_rls.tenant_users()));
CREATE POLICY communication_logs_delete ON communication_logs FOR DELETE TO edudata_app
    USING (from_user_id = ANY ((SELECT edudata_rls.writable_users())::text[]));

-- content_generations
ALTER TABLE content_generations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY content_generations_select ON content_generations FOR SELECT TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.readable_users())::text[])
           OR shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text]
           OR id = ANY ((SELECT edudata_rls.workspace_content())::integer[])
           OR edudata_rls.publicly_shared(id, user_id, (SELECT edudata_rls.tenant_schools())));
CREATE POLICY content_generations_insert ON content_generations FOR INSERT TO edudata_app
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]));
CREATE POLICY content_generations_update ON content_generations FOR UPDATE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
           OR shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text])
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                OR (shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text]
                    AND user_id = ANY ((SELECT edudata_rls.tenant_users())::text[])));
CREATE POLICY content_generations_delete ON content_generations FOR DELETE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]));

-- The rows of one piece of content: readable with the content, written by whoever may write the content.
DO
$$
DECLARE
    dependent text;
    readable  text := 'EXISTS (SELECT 1 FROM content_generations c WHERE c.id = %I.content_generation_id)';
    writable  text := 'EXISTS (SELECT 1 FROM content_generations c WHERE c.id = %I.content_generation_id '
                      'AND (c.user_id = ANY ((SELECT edudata_rls.writable_users())::text[]) '
                      'OR c.shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text]))';
BEGIN
    FOREACH dependent IN ARRAY ARRAY ['generated_lessons', 'content_curriculum_alignment',
                                      'content_generation_versions']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', dependent);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO edudata_app USING (' || readable || ')',
                       dependent || '_select', dependent, dependent);
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO edudata_app WITH CHECK (' || writable || ')',
                       dependent || '_insert', dependent, dependent);
        EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO edudata_app USING (' || writable || ') '
                       'WITH CHECK (' || writable || ')',
                       dependent || '_update', dependent, dependent, dependent);
        EXECUTE format('CREATE POLICY %I ON %I FOR DELETE TO edudata_app USING (' || writable || ')',
                       dependent || '_delete', dependent, dependent);
    END LOOP;
END
$$;

-- generated_exams: as the content's rows, plus the students who attempted them (read), and attempts on a published
-- exam by anyone who can read it (write).
ALTER TABLE generated_exams ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY generated_exams_select ON generated_exams FOR SELECT TO edudata_app
    USING (EXISTS (SELECT 1 FROM content_generations c WHERE c.id = generated_exams.content_generation_id)
           OR used_by_students && (SELECT edudata_rls.readable_users()));
CREATE POLICY generated_exams_insert ON generated_exams FOR INSERT TO edudata_app
    WITH CHECK (EXISTS (SELECT 1 FROM content_generations c
                        WHERE c.id = generated_exams.content_generation_id
                          AND (c.user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                               OR c.shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text])));
CREATE POLICY generated_exams_update ON generated_exams FOR UPDATE TO edudata_app
    USING (EXISTS (SELECT 1 FROM content_generations c
                   WHERE c.id = generated_exams.content_generation_id
                     AND (c.user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                          OR c.shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text]
                          OR generated_exams.is_published)))
    WITH CHECK (EXISTS (SELECT 1 FROM content_generations c
                        WHERE c.id = generated_exams.content_generation_id
                          AND (c.user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                               OR c.shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text]
                               OR generated_exams.is_published)));
CREATE POLICY generated_exams_delete ON generated_exams FOR DELETE TO edudata_app
    USING (EXISTS (SELECT 1 FROM content_generations c
                   WHERE c.id = generated_exams.content_generation_id
                     AND (c.user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                          OR c.shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text])));

-- exam_questions: through their exam.
ALTER TABLE exam_questions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY exam_questions_select ON exam_questions FOR SELECT TO edudata_app
    USING (EXISTS (SELECT 1 FROM generated_exams e WHERE e.id = exam_questions.generated_exam_id));
CREATE POLICY exam_questions_insert ON exam_questions FOR INSERT TO edudata_app
    WITH CHECK (EXISTS (SELECT 1 FROM generated_exams e JOIN content_generations c ON c.id = e.content_generation_id
                        WHERE e.id = exam_questions.generated_exam_id
                          AND (c.user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                               OR c.shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text])));
CREATE POLICY exam_questions_update ON exam_questions FOR UPDATE TO edudata_app
    USING (EXISTS (SELECT 1 FROM generated_exams e JOIN content_generations c ON c.id = e.content_generation_id
                   WHERE e.id = exam_questions.generated_exam_id
                     AND (c.user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                          OR c.shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text]
                          OR e.is_published)))
    WITH CHECK (EXISTS (SELECT 1 FROM generated_exams e JOIN content_generations c ON c.id = e.content_generation_id
                        WHERE e.id = exam_questions.generated_exam_id
                          AND (c.user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                               OR c.shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text]
                               OR e.is_published)));
CREATE POLICY exam_questions_delete ON exam_questions FOR DELETE TO edudata_app
    USING (EXISTS (SELECT 1 FROM generated_exams e JOIN content_generations c ON c.id = e.content_generation_id
                   WHERE e.id = exam_questions.generated_exam_id
                     AND (c.user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                          OR c.shared_with @> ARRAY [(SELECT edudata_rls.acting_user_id())::text])));

-- doubt_submissions: the student's, and the resolver's.
ALTER TABLE doubt_submissions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY doubt_submissions_select ON doubt_submissions FOR SELECT TO edudata_app
    USING (student_id = ANY ((SELECT edudata_rls.readable_users())::text[])
           OR resolver_id = (SELECT edudata_rls.acting_user_id()));
CREATE POLICY doubt_submissions_insert ON doubt_submissions FOR INSERT TO edudata_app
    WITH CHECK (student_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND (resolver_id IS NULL OR resolver_id = ANY ((SELECT edudata_rls.tenant_users())::text[])));
CREATE POLICY doubt_submissions_update ON doubt_submissions FOR UPDATE TO edudata_app
    USING (student_id = ANY ((SELECT edudata_rls.writable_users())::text[])
           OR resolver_id = (SELECT edudata_rls.acting_user_id()))
    WITH CHECK ((student_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                 OR resolver_id = (SELECT edudata_rls.acting_user_id()))
                AND (resolver_id IS NULL OR resolver_id = ANY ((SELECT edudata_rls.tenant_users())::text[])));
CREATE POLICY doubt_submissions_delete ON doubt_submissions FOR DELETE TO edudata_app
    USING (student_id = ANY ((SELECT edudata_rls.writable_users())::text[]));

-- content_usage_stats and ai_usage_tracking: a user's rows, about content they can read.
ALTER TABLE content_usage_stats ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY content_usage_stats_select ON content_usage_stats FOR SELECT TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.readable_users())::text[]));
CREATE POLICY content_usage_stats_insert ON content_usage_stats FOR INSERT TO edudata_app
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND EXISTS (SELECT 1 FROM content_generations c
                            WHERE c.id = content_usage_stats.content_generation_id));
CREATE POLICY content_usage_stats_update ON content_usage_stats FOR UPDATE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]))
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND EXISTS (SELECT 1 FROM content_generations c
                            WHERE c.id = content_usage_stats.content_generation_id));
CREATE POLICY content_usage_stats_delete ON content_usage_stats FOR DELETE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]));

ALTER TABLE ai_usage_tracking ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY ai_usage_tracking_select ON ai_usage_tracking FOR SELECT TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.readable_users())::text[]));
CREATE POLICY ai_usage_tracking_insert ON ai_usage_tracking FOR INSERT TO edudata_app
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND (content_generation_id IS NULL
                     OR EXISTS (SELECT 1 FROM content_generations c
                                WHERE c.id = ai_usage_tracking.content_generation_id)));
CREATE POLICY ai_usage_tracking_update ON ai_usage_tracking FOR UPDATE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]))
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND (content_generation_id IS NULL
                     OR EXISTS (SELECT 1 FROM content_generations c
                                WHERE c.id = ai_usage_tracking.content_generation_id)));
CREATE POLICY ai_usage_tracking_delete ON ai_usage_tracking FOR DELETE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]));

-- content_feedback: the author's, and on content the user can read (helpful votes are counted on others' feedback).
ALTER TABLE content_feedback ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY content_feedback_select ON content_feedback FOR SELECT TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.readable_users())::text[])
           OR EXISTS (SELECT 1 FROM content_generations c WHERE c.id = content_feedback.content_generation_id));
CREATE POLICY content_feedback_insert ON content_feedback FOR INSERT TO edudata_app
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND EXISTS (SELECT 1 FROM content_generations c
                            WHERE c.id = content_feedback.content_generation_id));
CREATE POLICY content_feedback_update ON content_feedback FOR UPDATE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[])
           OR EXISTS (SELECT 1 FROM content_generations c WHERE c.id = content_feedback.content_generation_id))
    WITH CHECK (user_id = ANY ((SELECT edudata_rls.tenant_users())::text[])
                AND EXISTS (SELECT 1 FROM content_generations c
                            WHERE c.id = content_feedback.content_generation_id));
CREATE POLICY content_feedback_delete ON content_feedback FOR DELETE TO edudata_app
    USING (user_id = ANY ((SELECT edudata_rls.writable_users())::text[]));

-- educational_resources: the uploader's; once approved, read (and counted: usage) by the uploader's tenant.
ALTER TABLE educational_resources ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY educational_resources_select ON educational_resources FOR SELECT TO edudata_app
    USING (uploaded_by = ANY ((SELECT edudata_rls.readable_users())::text[])
           OR (is_approved AND uploaded_by = ANY ((SELECT edudata_rls.tenant_users())::text[])));
CREATE POLICY educational_resources_insert ON educational_resources FOR INSERT TO edudata_app
    WITH CHECK (uploaded_by = ANY ((SELECT edudata_rls.writable_users())::text[]));
CREATE POLICY educational_resources_update ON educational_resources FOR UPDATE TO edudata_app
    USING (uploaded_by = ANY ((SELECT edudata_rls.writable_users())::text[])
           OR (is_approved AND uploaded_by = ANY ((SELECT edudata_rls.tenant_users())::text[])))
    WITH CHECK (uploaded_by = ANY ((SELECT edudata_rls.tenant_users())::text[]));
CREATE POLICY educational_resources_delete ON educational_resources FOR DELETE TO edudata_app
    USING (uploaded_by = ANY ((SELECT edudata_rls.writable_users())::text[]));

-- content_shares: the sharer's, the recipient's and the content owner's; shared within the tenant only.
ALTER TABLE content_shares ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY content_shares_select ON content_shares FOR SELECT TO edudata_app
    USING (shared_by = ANY ((SELECT edudata_rls.readable_users())::text[])
           OR shared_with = ANY ((SELECT edudata_rls.readable_users())::text[])
           OR EXISTS (SELECT 1 FROM content_generations c
                      WHERE c.id = content_shares.content_generation_id
                        AND c.user_id = ANY ((SELECT edudata_rls.readable_users())::text[])));
CREATE POLICY content_shares_insert ON content_shares FOR INSERT TO edudata_app
    WITH CHECK (shared_by = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND shared_with = ANY ((SELECT edudata_rls.tenant_users())::text[])
                AND EXISTS (SELECT 1 FROM content_generations c WHERE c.id = content_shares.content_generation_id));
CREATE POLICY content_shares_update ON content_shares FOR UPDATE TO edudata_app
    USING (shared_by = ANY ((SELECT edudata_rls.writable_users())::text[])
           OR shared_with = ANY ((SELECT edudata_rls.writable_users())::text[])
           OR EXISTS (SELECT 1 FROM content_generations c
                      WHERE c.id = content_shares.content_generation_id
                        AND c.user_id = ANY ((SELECT edudata_rls.writable_users())::text[])))
    WITH CHECK (shared_by = ANY ((SELECT edudata_rls.tenant_users())::text[])
                AND shared_with = ANY ((SELECT edudata_rls.tenant_users())::text[])
                AND EXISTS (SELECT 1 FROM content_generations c WHERE c.id = content_shares.content_generation_id));
CREATE POLICY content_shares_delete ON content_shares FOR DELETE TO edudata_app
    USING (shared_by = ANY ((SELECT edudata_rls.writable_users())::text[])
           OR shared_with = ANY ((SELECT edudata_rls.writable_users())::text[])
           OR EXISTS (SELECT 1 FROM content_generations c
                      WHERE c.id = content_shares.content_generation_id
                        AND c.user_id = ANY ((SELECT edudata_rls.writable_users())::text[])));

-- workspaces: the creator's and the members'; members are users of the tenant.
ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY workspaces_select ON workspaces FOR SELECT TO edudata_app
    USING (created_by = ANY ((SELECT edudata_rls.readable_users())::text[])
           OR members @> ARRAY [(SELECT edudata_rls.acting_user_id())::text]);
CREATE POLICY workspaces_insert ON workspaces FOR INSERT TO edudata_app
    WITH CHECK (created_by = ANY ((SELECT edudata_rls.writable_users())::text[])
                AND members <@ (SELECT edudata_rls.tenant_users()));
CREATE POLICY workspaces_update ON workspaces FOR UPDATE TO edudata_app
    USING (created_by = ANY ((SELECT edudata_rls.writable_users())::text[])
           OR members @> ARRAY [(SELECT edudata_rls.acting_user_id())::text])
    WITH CHECK (created_by = ANY ((SELECT edudata_rls.tenant_users())::text[])
                AND members <@ (SELECT edudata_rls.tenant_users()));
CREATE POLICY workspaces_delete ON workspaces FOR DELETE TO edudata_app
    USING (created_by = ANY ((SELECT edudata_rls.writable_users())::text[]));

package com.eduplatform.data.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.privacy.UserColumns.Kind;
import com.eduplatform.data.privacy.UserColumns.UserColumn;
import com.eduplatform.data.support.EduDatabaseExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Export and erasure find user ids from the generated metadata; this reads the database's own catalog and fails when
 * a column holding user ids is added without being found there, or without an erasure rule.
 */
class PrivacyCoverageTest {

    /** Text arrays that hold something other than user ids: tags, subjects, concepts, roles, school ids, ... */
    private static final List<String> NOT_USER_IDS = List.of(
            "admin_profiles.permissions", "admin_profiles.managed_schools",
            "content_curriculum_alignment.aligned_concepts", "content_curriculum_alignment.gaps_identified",
            "curriculum_standards.assessment_criteria", "curriculum_standards.learning_objectives",
            "doubt_submissions.follow_up_questions", "educational_resources.tags", "exam_questions.related_concepts",
            "exam_questions.options", "generated_lessons.key_concepts", "generated_lessons.examples",
            "generated_lessons.follow_up_topics", "generated_lessons.visual_aids_suggestions",
            "generated_lessons.prerequisite_topics", "practice_sessions.improvement_suggestions",
            "practice_sessions.misconceptions_identified", "student_profiles.weak_subjects", "student_profiles.subjects",
            "teacher_profiles.classes_taught", "teacher_profiles.specializations", "teacher_profiles.subjects",
            "teacher_profiles.grades", "tutoring_sessions.key_concepts_learned",
            "tutoring_sessions.follow_up_suggestions", "users.roles");

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    @Test
    void everyForeignKeyToUsersIsFoundAndHasAnErasureRule() {
        List<String> inCatalog = strings("""
                select c.conrelid::regclass::text || '.' || a.attname from pg_constraint c
                join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
                join pg_class r on r.oid = c.conrelid
                where c.contype = 'f' and c.confrelid = 'public.users'::regclass and not r.relispartition
                  and r.relnamespace = 'public'::regnamespace""");
        inCatalog.add("users.id");

        assertThat(names(Kind.REFERENCE)).containsExactlyInAnyOrderElementsOf(inCatalog);
        assertThat(Erasure.RULES.keySet()).as("a decision for every foreign key to users")
                .containsExactlyInAnyOrderElementsOf(inCatalog);
    }

    @Test
    void everyTextArrayIsAMarkedArrayOfUserIdsOrKnownToHoldSomethingElse() {
        List<String> arrays = strings("""
                select table_name || '.' || column_name from information_schema.columns
                where table_schema = 'public' and data_type = 'ARRAY' and udt_name in ('_text', '_varchar')
                  and table_name in (select relname from pg_class where relkind in ('r', 'p') and not relispartition
                                     and relnamespace = 'public'::regnamespace)""");
        List<String> expected = new ArrayList<>(names(Kind.ARRAY));
        expected.addAll(NOT_USER_IDS);

        assertThat(arrays).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(names(Kind.ARRAY)).containsExactlyInAnyOrder("parent_profiles.children_ids",
                "content_generations.shared_with", "generated_exams.used_by_students", "workspaces.members",
                "communication_logs.to_user_ids");
    }

    @Test
    void everyArrayWhoseElementsReferenceUsersIsMarked() {
        List<String> referencing = strings("""
                select t.tgrelid::regclass::text || '.' || (string_to_array(encode(t.tgargs, 'escape'), '\\000'))[1]
                from pg_trigger t join pg_proc p on p.oid = t.tgfoid
                where p.proname = 'enforce_array_references'
                  and (string_to_array(encode(t.tgargs, 'escape'), '\\000'))[2] = 'users'""");

        assertThat(referencing).isNotEmpty();
        assertThat(names(Kind.ARRAY)).containsAll(referencing);
    }

    @Test
    void everyArchivedTableHasItsLiveTwinAmongTheTablesExported() {
        List<String> archived = strings("""
                select c.relname from pg_class c where c.relnamespace = 'archive'::regnamespace
                and c.relkind in ('r', 'p') and not c.relispartition""");

        assertThat(archived).contains("user_activity_logs");
        assertThat(UserColumns.SCHEMA.tables().stream().map(table -> table.getName()).toList()).containsAll(archived);
    }

    private static List<String> names(Kind kind) {
        return UserColumns.SCHEMA.columns().stream().filter(column -> column.kind() == kind)
                .map(UserColumn::qualifiedName).toList();
    }

    private static List<String> strings(String sql) {
        return new ArrayList<>(database.db().dsl().resultQuery(sql).fetch(0, String.class));
    }
}

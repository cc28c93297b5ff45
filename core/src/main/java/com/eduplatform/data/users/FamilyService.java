package com.eduplatform.data.users;

import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;
import static com.eduplatform.data.jooq.Tables.GENERATED_EXAMS;
import static com.eduplatform.data.jooq.Tables.PARENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.PRACTICE_SESSIONS;
import static com.eduplatform.data.jooq.Tables.STUDENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.TUTORING_SESSIONS;

import com.eduplatform.data.ArrayConditions;
import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.internal.Require;
import com.eduplatform.data.jooq.tables.pojos.ParentProfiles;
import com.eduplatform.data.types.DoubtStatus;
import com.eduplatform.data.types.Role;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Parents and children. A child is linked by setting {@code student_profiles.parent_id}; the parent's
 * {@code parent_profiles.children_ids} is derived from it by the schema (V1_3) in the same transaction, so the two
 * sides never disagree. Links to one parent are serialized on the parent's profile row, so concurrent links all land
 * in {@code children_ids}. A parent without a profile gets one on their first link.
 *
 * <p>A linked parent (and only a linked parent) can read {@link #childSummary} of each child's progress, computed in
 * SQL from the rows themselves: doubts by status, exams attempted and the average exam score, practice sessions and
 * their average score, and the time spent tutoring and practising.
 *
 * <p>Each step is one transaction that also writes the activity log; bad input is an
 * {@link InvalidInputException} naming the field, and nothing is written then.
 */
public final class FamilyService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .families()}. */
    public FamilyService(EduDatabase db) {
        this.db = db;
    }

    /**
     * A parent's view of one child's progress, every figure computed in SQL when asked.
     *
     * @param childId              the student
     * @param doubtsByStatus       the child's live doubts per status, every status present (0 when none)
     * @param examsAttempted       the exams whose {@code used_by_students} holds the child
     * @param averageExamScore     the mean, over those exams, of the child's awarded marks (from
     *                             {@code exam_questions.student_responses}) over the exam's total marks, 0 to 1 with
     *                             4 decimals, or {@code null} when no attempt has stored marks
     * @param practiceSessions     the child's practice sessions
     * @param averagePracticeScore the mean of {@code score_awarded / total_marks} over them, 0 to 1 with 4 decimals,
     *                             or {@code null} when there are none
     * @param tutoringSessions     the child's tutoring sessions
     * @param minutesSpent         the tutoring {@code session_duration} plus the practice {@code time_spent_minutes},
     *                             in minutes (unrecorded durations count as 0)
     */
    public record ChildSummary(String childId, Map<DoubtStatus, Long> doubtsByStatus, long examsAttempted,
                               BigDecimal averageExamScore, long practiceSessions, BigDecimal averagePracticeScore,
                               long tutoringSessions, long minutesSpent) {

        /** Copies {@code doubtsByStatus}, so the summary cannot change afterwards. */
        public ChildSummary {
            doubtsByStatus = Collections.unmodifiableMap(new EnumMap<>(doubtsByStatus));
        }

        /** All the child's live doubts, whatever their status. */
        public long totalDoubts() {
            return doubtsByStatus.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Links student {@code studentId} to parent {@code parentId}: sets the student's {@code parent_id}, and the
     * parent's {@code children_ids} follows. The parent must hold the parent role ({@link InvalidInputException} on
     * {@code parentId} otherwise) and the student must have a student profile (on {@code studentId}); a student
     * linked to another parent must be unlinked first ({@code student_profiles.parent_id}). Linking a child already
     * linked to this parent changes nothing. Returns the parent's profile with its children.
     */
    public ParentProfiles linkChild(String parentId, String studentId) {
        Require.text(parentId, "parentId");
        Require.text(studentId, "studentId");
        if (parentId.equals(studentId)) {
            throw new InvalidInputException("student_profiles.parent_id", "a student cannot be their own parent");
        }
        return db.inTransaction(tx -> {
            if (!tx.users().findById(parentId).map(user -> user.roles().contains(Role.PARENT)).orElse(false)) {
                throw new InvalidInputException("parentId", "user " + parentId + " does not hold the parent role");
            }
            tx.dsl().insertInto(PARENT_PROFILES).set(PARENT_PROFILES.USER_ID, parentId)
                    .onConflict(PARENT_PROFILES.USER_ID).doNothing()
                    .execute();
            lockParentProfile(tx, parentId);
            Optional<Record1<String>> student = tx.dsl().select(STUDENT_PROFILES.PARENT_ID).from(STUDENT_PROFILES)
                    .where(STUDENT_PROFILES.USER_ID.eq(studentId))
                    .forNoKeyUpdate()
                    .fetchOptional();
            if (student.isEmpty()) {
                throw new InvalidInputException("studentId", "user " + studentId + " has no student profile");
            }
            String currentParent = student.get().value1();
            if (parentId.equals(currentParent)) {
                return profileOf(tx, parentId);
            }
            if (currentParent != null) {
                throw new InvalidInputException("student_profiles.parent_id", "student " + studentId
                        + " is linked to another parent; unlink them first");
            }
            setParent(tx, studentId, parentId);
            ActivityLog.record(tx, parentId, "family.child_linked", Map.of("parent_id", parentId,
                    "child_id", studentId));
            return profileOf(tx, parentId);
        });
    }

    /**
     * Unlinks student {@code studentId} from parent {@code parentId}: the student's {@code parent_id} is cleared
     * and they leave the parent's {@code children_ids}. A student not linked to this parent is an
     * {@link AccessDeniedException}. Returns the parent's profile with the remaining children.
     */
    public ParentProfiles unlinkChild(String parentId, String studentId) {
        Require.text(parentId, "parentId");
        Require.text(studentId, "studentId");
        return db.inTransaction(tx -> {
            lockParentProfile(tx, parentId);
            boolean linked = tx.dsl().select(STUDENT_PROFILES.PARENT_ID).from(STUDENT_PROFILES)
                    .where(STUDENT_PROFILES.USER_ID.eq(studentId))
                    .forNoKeyUpdate()
                    .fetchOptional(STUDENT_PROFILES.PARENT_ID)
                    .map(parentId::equals)
                    .orElse(false);
            if (!linked) {
                throw new AccessDeniedException(parentId, "is not the linked parent of " + studentId);
            }
            setParent(tx, studentId, null);
            ActivityLog.record(tx, parentId, "family.child_unlinked", Map.of("parent_id", parentId,
                    "child_id", studentId));
            return profileOf(tx, parentId);
        });
    }

    /**
     * The progress summary of child {@code childId} for parent {@code parentId}, computed in SQL. Only the child's
     * linked parent may read it: anyone else, or a child that does not exist, is an {@link AccessDeniedException}.
     * The read is logged as {@code family.summary_viewed}, an audit of who looked at a child's data.
     */
    public ChildSummary childSummary(String parentId, String childId) {
        Require.text(parentId, "parentId");
        Require.text(childId, "childId");
        return db.inTransaction(tx -> {
            boolean linked = tx.dsl().fetchExists(STUDENT_PROFILES, STUDENT_PROFILES.USER_ID.eq(childId)
                    .and(STUDENT_PROFILES.PARENT_ID.eq(parentId)));
            if (!linked) {
                throw new AccessDeniedException(parentId, "is not the linked parent of " + childId);
            }
            Map<DoubtStatus, Long> doubts = new EnumMap<>(DoubtStatus.class);
            for (DoubtStatus status : DoubtStatus.values()) {
                doubts.put(status, 0L);
            }
            tx.dsl().select(DOUBT_SUBMISSIONS.STATUS, DSL.count())
                    .from(DOUBT_SUBMISSIONS)
                    .where(DOUBT_SUBMISSIONS.STUDENT_ID.eq(childId)).and(DOUBT_SUBMISSIONS.DELETED_AT.isNull())
                    .groupBy(DOUBT_SUBMISSIONS.STATUS)
                    .forEach(row -> doubts.put(row.value1(), row.value2().longValue()));

            Field<Integer> examsAttempted = DSL.field(DSL.selectCount().from(GENERATED_EXAMS)
                    .where(ArrayConditions.contains(GENERATED_EXAMS.USED_BY_STUDENTS, childId)));
            // Per attempted exam: the child's marks summed over the exam's questions, over the exam's total marks.
            Field<BigDecimal> averageExam = DSL.field(
                    "(select round(avg(t.score / t.total_marks), 4) from ("
                            + "select cast(e.total_marks as numeric) as total_marks, "
                            + "(select sum(cast(q.student_responses -> cast({0} as text) ->> 'marks_awarded' as numeric))"
                            + " from exam_questions q where q.generated_exam_id = e.id) as score"
                            + " from generated_exams e where e.used_by_students @> array[cast({0} as text)]) t"
                            + " where t.score is not null)",
                    SQLDataType.NUMERIC, DSL.val(childId));
            Field<Integer> practiceCount = DSL.field(DSL.selectCount().from(PRACTICE_SESSIONS)
                    .where(PRACTICE_SESSIONS.STUDENT_ID.eq(childId)));
            Field<BigDecimal> averagePractice = DSL.field(DSL.select(DSL.round(DSL.avg(
                            PRACTICE_SESSIONS.SCORE_AWARDED.cast(SQLDataType.NUMERIC)
                                    .div(PRACTICE_SESSIONS.TOTAL_MARKS.cast(SQLDataType.NUMERIC))), 4))
                    .from(PRACTICE_SESSIONS).where(PRACTICE_SESSIONS.STUDENT_ID.eq(childId)));
            Field<BigDecimal> practiceMinutes = DSL.field(DSL.select(DSL.coalesce(
                            DSL.sum(PRACTICE_SESSIONS.TIME_SPENT_MINUTES), BigDecimal.ZERO))
                    .from(PRACTICE_SESSIONS).where(PRACTICE_SESSIONS.STUDENT_ID.eq(childId)));
            Field<Integer> tutoringCount = DSL.field(DSL.selectCount().from(TUTORING_SESSIONS)
                    .where(TUTORING_SESSIONS.STUDENT_ID.eq(childId)));
            Field<BigDecimal> tutoringMinutes = DSL.field(DSL.select(DSL.coalesce(
                            DSL.sum(TUTORING_SESSIONS.SESSION_DURATION), BigDecimal.ZERO))
                    .from(TUTORING_SESSIONS).where(TUTORING_SESSIONS.STUDENT_ID.eq(childId)));
            Record figures = tx.dsl().select(examsAttempted, averageExam, practiceCount, averagePractice,
                    practiceMinutes, tutoringCount, tutoringMinutes).fetchSingle();

            ChildSummary summary = new ChildSummary(childId, doubts,
                    figures.get(examsAttempted).longValue(), figures.get(averageExam),
                    figures.get(practiceCount).longValue(), figures.get(averagePractice),
                    figures.get(tutoringCount).longValue(),
                    figures.get(practiceMinutes).longValue() + figures.get(tutoringMinutes).longValue());
            ActivityLog.record(tx, parentId, "family.summary_viewed", Map.of("parent_id", parentId,
                    "child_id", childId));
            return summary;
        });
    }

    /**
     * Locks the parent's profile: links to one parent queue here, so the schema's recomputation of
     * {@code children_ids} in each of them sees the links committed before it.
     */
    private static void lockParentProfile(EduDatabase tx, String parentId) {
        tx.dsl().selectOne().from(PARENT_PROFILES).where(PARENT_PROFILES.USER_ID.eq(parentId))
                .forNoKeyUpdate()
                .execute();
    }

    private static ParentProfiles profileOf(EduDatabase tx, String parentId) {
        return tx.parentProfiles().findOne(PARENT_PROFILES.USER_ID.eq(parentId))
                .orElseThrow(() -> new NotFoundException(PARENT_PROFILES.getName(), parentId));
    }

    private static void setParent(EduDatabase tx, String studentId, String parentId) {
        tx.dsl().update(STUDENT_PROFILES)
                .set(STUDENT_PROFILES.PARENT_ID, parentId)
                .set(STUDENT_PROFILES.VERSION_NUMBER, STUDENT_PROFILES.VERSION_NUMBER.plus(1))
                .where(STUDENT_PROFILES.USER_ID.eq(studentId))
                .execute();
    }
}

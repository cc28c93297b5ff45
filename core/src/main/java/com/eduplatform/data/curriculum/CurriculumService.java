package com.eduplatform.data.curriculum;

import static com.eduplatform.data.jooq.Tables.CONTENT_CURRICULUM_ALIGNMENT;
import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.internal.Require;
import com.eduplatform.data.jooq.tables.pojos.ContentCurriculumAlignment;
import com.eduplatform.data.jooq.tables.pojos.ContentGenerations;
import com.eduplatform.data.types.Role;
import java.util.List;
import java.util.Map;

/**
 * Curriculum alignment: how well a piece of content covers a curriculum standard, as a score from 0 to 100, the
 * concepts it covers and the gaps found, which a teacher then verifies.
 *
 * <p>There is one alignment per content and standard (the natural key
 * {@code content_curriculum_alignment_content_standard_key}): aligning again updates it in one atomic upsert and,
 * since what was verified has changed, clears its teacher verification. Aligning is for the content's owner, a
 * teacher or an admin; verifying for a teacher. Each step is one transaction that also writes the activity log;
 * bad input is an {@link InvalidInputException} naming the field, and nothing is written then.
 */
public final class CurriculumService {

    /** The lowest alignment score. */
    public static final int MIN_SCORE = 0;
    /** The highest alignment score. */
    public static final int MAX_SCORE = 100;

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .curriculum()}. */
    public CurriculumService(EduDatabase db) {
        this.db = db;
    }

    /**
     * Aligns live content {@code contentId} to standard {@code standardId}, or re-aligns it: the score (0 to 100),
     * covered concepts and gaps are stored, and the verification cleared. {@code alignedBy} must own the content or
     * be a teacher or an admin. A missing content or standard is a {@link NotFoundException}.
     *
     * @param concepts the concepts the content covers (may be empty, no blank entries)
     * @param gaps     what the standard asks that the content misses (may be empty, no blank entries)
     */
    public ContentCurriculumAlignment align(int contentId, int standardId, String alignedBy, int score,
                                           List<String> concepts, List<String> gaps) {
        Require.text(alignedBy, "alignedBy");
        if (score < MIN_SCORE || score > MAX_SCORE) {
            throw new InvalidInputException("content_curriculum_alignment.alignment_score",
                    "must be " + MIN_SCORE + " to " + MAX_SCORE + " (was " + score + ")");
        }
        List<String> coveredConcepts = entries(concepts, "content_curriculum_alignment.aligned_concepts");
        List<String> identifiedGaps = entries(gaps, "content_curriculum_alignment.gaps_identified");
        return db.inTransaction(tx -> {
            ContentGenerations content = tx.contentGenerations().findById(contentId)
                    .orElseThrow(() -> new NotFoundException(CONTENT_GENERATIONS.getName(), contentId));
            if (!alignedBy.equals(content.userId())) {
                Require.role(tx, alignedBy, "must own content " + contentId + " or be a teacher or an admin to align it",
                        Role.TEACHER, Role.ADMIN);
            }
            if (!tx.curriculumStandards().existsById(standardId)) {
                throw new NotFoundException("curriculum_standards", standardId);
            }
            ContentCurriculumAlignment aligned = tx.contentCurriculumAlignment().upsert(
                    tx.contentCurriculumAlignment().newRecord()
                            .setContentGenerationId(contentId).setCurriculumStandardId(standardId)
                            .setAlignmentScore(score).setAlignedConcepts(coveredConcepts)
                            .setGapsIdentified(identifiedGaps).setVerifiedByTeacher(false));
            ActivityLog.record(tx, alignedBy, "curriculum.aligned", Map.of("alignment_id", aligned.id(),
                    "content_id", contentId, "standard_id", standardId, "score", score,
                    "gaps", identifiedGaps.size()));
            return aligned;
        });
    }

    /**
     * A teacher verifies alignment {@code alignmentId}: {@code verified_by_teacher} becomes true. Anyone without
     * the teacher role gets an {@link AccessDeniedException}. Verifying a verified alignment changes nothing and
     * logs nothing.
     */
    public ContentCurriculumAlignment verify(int alignmentId, String teacherId) {
        Require.text(teacherId, "teacherId");
        return db.inTransaction(tx -> {
            Require.role(tx, teacherId, "must be a teacher to verify a curriculum alignment", Role.TEACHER);
            ContentCurriculumAlignment current = tx.contentCurriculumAlignment().getById(alignmentId);
            if (Boolean.TRUE.equals(current.verifiedByTeacher())) {
                return current;
            }
            ContentCurriculumAlignment verified = tx.contentCurriculumAlignment().update(alignmentId,
                    tx.contentCurriculumAlignment().newRecord().setVerifiedByTeacher(true));
            ActivityLog.record(tx, teacherId, "curriculum.verified", Map.of("alignment_id", alignmentId,
                    "content_id", verified.contentGenerationId()));
            return verified;
        });
    }

    /** The alignments of content {@code contentId}, best score first. */
    public List<ContentCurriculumAlignment> alignments(int contentId) {
        return db.contentCurriculumAlignment().find(
                CONTENT_CURRICULUM_ALIGNMENT.CONTENT_GENERATION_ID.eq(contentId),
                CONTENT_CURRICULUM_ALIGNMENT.ALIGNMENT_SCORE.desc(), CONTENT_CURRICULUM_ALIGNMENT.ID);
    }
    private static List<String> entries(List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException(field, "holds a blank entry");
            }
        }
        return List.copyOf(values);
    }
}

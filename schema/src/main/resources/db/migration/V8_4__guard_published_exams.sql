-- Group 8, the platform's workflows: a published exam's questions no longer change.
--
-- Once generated_exams.is_published is true, its questions document, marks and distribution are fixed, and its
-- exam_questions rows can be neither added, removed nor edited, except for student_responses, which recording
-- attempts fills in. A violation raises SQLSTATE 23514 naming the constraint below.
CREATE FUNCTION generated_exams_keep_published() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF OLD.is_published AND (NEW.questions IS DISTINCT FROM OLD.questions
                             OR NEW.total_marks IS DISTINCT FROM OLD.total_marks
                             OR NEW.question_distribution IS DISTINCT FROM OLD.question_distribution) THEN
        RAISE EXCEPTION 'exam % is published: its questions can no longer change', OLD.id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'generated_exams_published_check',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'questions';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER generated_exams_published_check
    BEFORE UPDATE OF questions, total_marks, question_distribution ON generated_exams
    FOR EACH ROW EXECUTE FUNCTION generated_exams_keep_published();

CREATE FUNCTION exam_questions_keep_published() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    exam integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.generated_exam_id ELSE NEW.generated_exam_id END;
BEGIN
    IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'student_responses') = (to_jsonb(OLD) - 'student_responses') THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM generated_exams WHERE id = exam AND is_published)
        OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM generated_exams
                                        WHERE id = OLD.generated_exam_id AND is_published)) THEN
        RAISE EXCEPTION 'exam % is published: its questions can no longer change', exam
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'exam_questions_published_exam_check',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'generated_exam_id';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER exam_questions_published_exam_check
    BEFORE INSERT OR UPDATE OR DELETE ON exam_questions
    FOR EACH ROW EXECUTE FUNCTION exam_questions_keep_published();

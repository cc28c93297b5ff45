package com.eduplatform.data.error;

/**
 * COPPA: the write would store data of a student under 13 beyond their account (a content generation, a doubt, a
 * tutoring or practice session, feedback, a message, ...) and no verified, unrevoked parental consent exists for
 * them. The database refuses it (SQLSTATE {@value #SQL_STATE}, raised by the table's
 * {@code <table>_require_parental_consent} triggers of migrations V14_2 and V15_2), whether the write came from a
 * repository, a workflow, a bulk load or the host's own {@code dsl()} query. Nothing of the statement was written.
 * Record a consent with {@code db.privacy().recordConsent(...)} and try again; see {@code docs/privacy.md}.
 */
public final class ConsentRequiredException extends EduDataException {

    /** The SQLSTATE the schema raises for a missing parental consent. */
    public static final String SQL_STATE = "ED013";

    private final String studentId;
    private final String table;

    public ConsentRequiredException(String studentId, String table, String message, Throwable cause) {
        super(message, SQL_STATE, cause);
        this.studentId = studentId;
        this.table = table;
    }

    /** The student under 13 whose data the write would have stored. */
    public String studentId() {
        return studentId;
    }

    /** The table the write was refused on, or {@code null} when PostgreSQL did not name it. */
    public String table() {
        return table;
    }
}

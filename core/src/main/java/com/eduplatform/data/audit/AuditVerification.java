package com.eduplatform.data.audit;

/**
 * What {@link AuditTrail#verify()} found walking the hash chain of the audit trail from its first seal.
 *
 * @param checked      how many seals matched their entries before the first problem (all of them when intact)
 * @param lastSeq      the number of the last seal that matched (0 for an empty chain)
 * @param lastHash     its hash, as lowercase hex (empty for an empty chain): keep it outside the database (a log, a
 *                     ticket) as an anchor, since whoever can rewrite every entry and seal can also rebuild a chain
 * @param problem      {@code null} when intact; otherwise what was found first: {@code "seal missing"},
 *                     {@code "entry deleted"}, {@code "entry altered"} or {@code "entry unsealed in a sealed range"}
 * @param problemSeq   the seal at which the problem was found, or {@code null}
 * @param problemEntry the id of the audit entry concerned, or {@code null}
 */
public record AuditVerification(long checked, long lastSeq, String lastHash, String problem, Long problemSeq,
        Long problemEntry) {

    /** Whether every sealed entry is present and unchanged and no entry was slipped into a sealed range. */
    public boolean intact() {
        return problem == null;
    }
}

package com.eduplatform.data.error;

import java.time.LocalDate;

/** A user has used their AI request quota for the current period; nothing was recorded for the refused request. */
public final class QuotaExceededException extends EduDataException {

    private final String userId;
    private final int quota;
    private final LocalDate periodStart;

    public QuotaExceededException(String userId, int quota, LocalDate periodStart) {
        super("User " + userId + " has used all " + quota + " AI requests of the period starting " + periodStart,
                null, null);
        this.userId = userId;
        this.quota = quota;
        this.periodStart = periodStart;
    }

    /** The user who is over quota. */
    public String userId() {
        return userId;
    }

    /** The quota of the period. */
    public int quota() {
        return quota;
    }

    /** The first day of the period the quota applies to. */
    public LocalDate periodStart() {
        return periodStart;
    }
}

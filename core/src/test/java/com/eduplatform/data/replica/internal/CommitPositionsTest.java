package com.eduplatform.data.replica.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.replica.WalPosition;
import org.junit.jupiter.api.Test;

/** An insert position right after a page header counts from the page boundary, which replay reports. */
class CommitPositionsTest {

    private static final long BLOCK = 8192;
    private static final long SEGMENT = 16L * 1024 * 1024;

    @Test
    void anInsertPositionPastAShortPageHeaderMovesBackToThePageBoundary() {
        assertThat(boundary(3 * BLOCK + 24)).isEqualTo(3 * BLOCK);
    }

    @Test
    void anInsertPositionPastASegmentsLongPageHeaderMovesBackToTheSegmentBoundary() {
        assertThat(boundary(5 * SEGMENT + 40)).isEqualTo(5 * SEGMENT);
    }

    @Test
    void recordEndsInsideAPageStayWhereTheyAre() {
        assertThat(boundary(3 * BLOCK + 40)).isEqualTo(3 * BLOCK + 40);
        assertThat(boundary(3 * BLOCK + 24 + 8)).isEqualTo(3 * BLOCK + 32);
        assertThat(boundary(3 * BLOCK)).isEqualTo(3 * BLOCK);
    }

    private static long boundary(long insert) {
        return CommitPositions.recordBoundary(new WalPosition(insert), BLOCK, SEGMENT).value();
    }
}

package com.eduplatform.data;

import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.internal.CursorCodec;
import com.eduplatform.data.jooq.tables.pojos.Notifications;
import com.eduplatform.data.jooq.tables.records.NotificationsRecord;
import com.eduplatform.data.support.CountingDataSource;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.testing.PostgresExtension;
import com.eduplatform.data.types.Priority;
import com.eduplatform.data.types.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.SortField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keyset pages over rows with many ties on the sort columns give exactly the OFFSET listing of the same query,
 * both ways, and refuse every cursor they did not issue for that very query before any SQL runs.
 */
class KeysetPaginationTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.migrated();

    private static final String READER = "keyset-reader";
    private static final String OTHER_READER = "keyset-other";
    private static final String MOVING_READER = "keyset-moving";
    private static final int READER_ROWS = 300;
    /** What is left of them after every 13th (from the 6th on) is soft-deleted. */
    private static final int LIVE_ROWS = 277;
    /** Only five distinct created_at values (microsecond precision, to catch any rounding in cursors). */
    private static final OffsetDateTime BASE = OffsetDateTime.of(2024, 3, 1, 9, 0, 0, 123_456_000, ZoneOffset.UTC);

    private static final Condition READERS_ROWS = NOTIFICATIONS.USER_ID.eq(READER);

    private static HikariDataSource pool;
    private static CountingDataSource dataSource;
    private static EduDatabase db;
    private static final Set<Long> deletedIds = new HashSet<>();
    private static int liveRows;

    @BeforeAll
    static void seed() {
        pool = new HikariDataSource();
        pool.setJdbcUrl(postgres.jdbcUrl());
        pool.setUsername(postgres.user());
        pool.setPassword(postgres.password());
        pool.setMaximumPoolSize(2);
        dataSource = new CountingDataSource(pool);
        db = EduDatabase.builder().dataSource(dataSource).build();
        TestRows.user(db.dsl(), READER, Role.STUDENT);
        TestRows.user(db.dsl(), OTHER_READER, Role.STUDENT);
        TestRows.user(db.dsl(), MOVING_READER, Role.STUDENT);

        List<NotificationsRecord> rows = new ArrayList<>();
        for (int i = 0; i < READER_ROWS; i++) {
            rows.add(notification(READER, i));
            if (i % 5 == 0) {
                rows.add(notification(OTHER_READER, i));
            }
        }
        List<Notifications> readers = db.notifications().insertAll(rows).stream()
                .filter(row -> row.userId().equals(READER)).toList();
        for (int i = 5; i < READER_ROWS; i += 13) {
            assertThat(db.notifications().delete(readers.get(i).id())).isTrue();
            deletedIds.add(readers.get(i).id());
        }
        liveRows = READER_ROWS - deletedIds.size();
        assertThat(liveRows).isEqualTo(LIVE_ROWS);
        assertThat(db.dsl().selectDistinct(NOTIFICATIONS.CREATED_AT).from(NOTIFICATIONS)
                .where(READERS_ROWS).fetch()).hasSize(5);
    }

    @AfterAll
    static void close() {
        db.close();
        pool.close();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Walking the pages

    static Stream<Arguments> ordersAndSizes() {
        List<Arguments> cases = new ArrayList<>();
        for (int size : new int[] {1, 7, 50, LIVE_ROWS, PageRequest.MAX_SIZE}) {
            cases.add(Arguments.of("created_at desc", List.of(NOTIFICATIONS.CREATED_AT.desc()), size));
        }
        for (int size : new int[] {3, 40}) {
            cases.add(Arguments.of("priority asc, created_at desc",
                    List.of(NOTIFICATIONS.PRIORITY.asc(), NOTIFICATIONS.CREATED_AT.desc()), size));
            cases.add(Arguments.of("created_at asc, id desc",
                    List.of(NOTIFICATIONS.CREATED_AT.asc(), NOTIFICATIONS.ID.desc()), size));
            cases.add(Arguments.of("is_read desc, priority desc, created_at asc",
                    List.of(NOTIFICATIONS.IS_READ.desc(), NOTIFICATIONS.PRIORITY.desc(),
                            NOTIFICATIONS.CREATED_AT.asc()), size));
            cases.add(Arguments.of("primary key only", List.of(), size));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {2} per page")
    @MethodSource("ordersAndSizes")
    void walkingForwardYieldsExactlyTheOffsetListingOfTheSameQuery(String label, List<SortField<?>> order,
                                                                    int size) {
        PageRequest request = request(order, size);

        List<Page<Notifications>> pages = walkForward(request);

        List<Long> expectedIds = offsetListing(READERS_ROWS, order);
        assertThat(expectedIds).hasSize(liveRows);
        assertThat(ids(pages)).containsExactlyElementsOf(expectedIds);
        assertThat(pages).hasSize((liveRows + size - 1) / size);
        for (int i = 0; i < pages.size() - 1; i++) {
            assertThat(pages.get(i).items()).as("page %d", i).hasSize(size);
        }
        // Whole rows too: the same as the facade's own ordered find.
        List<Notifications> found = db.notifications().find(READERS_ROWS, withIdLast(order));
        assertThat(pages.stream().flatMap(page -> page.items().stream()).toList()).isEqualTo(found);
    }

    @ParameterizedTest(name = "{0}, {2} per page")
    @MethodSource("ordersAndSizes")
    void theFirstPageHasNoPreviousCursorTheLastNoNextAndEveryOtherBoth(String label, List<SortField<?>> order,
                                                                       int size) {
        List<Page<Notifications>> pages = walkForward(request(order, size));

        assertThat(pages.get(0).previousCursor()).isNull();
        assertThat(pages.get(0).hasPrevious()).isFalse();
        assertThat(pages.get(pages.size() - 1).nextCursor()).isNull();
        assertThat(pages.get(pages.size() - 1).hasNext()).isFalse();
        for (int i = 1; i < pages.size(); i++) {
            assertThat(pages.get(i).previousCursor()).as("previous cursor of page %d", i).isNotNull();
        }
        for (int i = 0; i < pages.size() - 1; i++) {
            assertThat(pages.get(i).nextCursor()).as("next cursor of page %d", i).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}, {2} per page")
    @MethodSource("ordersAndSizes")
    void walkingBackwardFromTheLastPageYieldsTheSamePagesInReverse(String label, List<SortField<?>> order,
                                                                   int size) {
        PageRequest request = request(order, size);
        List<Page<Notifications>> forward = walkForward(request);

        List<Page<Notifications>> backward = new ArrayList<>();
        backward.add(forward.get(forward.size() - 1));
        while (backward.get(backward.size() - 1).hasPrevious()) {
            assertThat(backward).as("a backward walk that ends").hasSizeLessThanOrEqualTo(forward.size());
            backward.add(db.notifications().pageBefore(request, backward.get(backward.size() - 1).previousCursor()));
        }
        Collections.reverse(backward);

        assertThat(backward).hasSameSizeAs(forward);
        for (int i = 0; i < forward.size(); i++) {
            assertThat(backward.get(i).items()).as("page %d", i).isEqualTo(forward.get(i).items());
        }
        assertThat(backward.get(0).previousCursor()).isNull();
        // Each page reached backward leads forward to the page after it again.
        for (int i = 0; i < backward.size() - 1; i++) {
            assertThat(backward.get(i).nextCursor()).as("next cursor of page %d", i).isNotNull();
            assertThat(db.notifications().pageAfter(request, backward.get(i).nextCursor()).items())
                    .as("page after page %d", i).isEqualTo(forward.get(i + 1).items());
        }
    }

    @Test
    void aPageAsLargeAsTheListingHoldsEveryRowAndNoCursors() {
        Page<Notifications> page = db.notifications().firstPage(
                request(List.of(NOTIFICATIONS.CREATED_AT.desc()), PageRequest.MAX_SIZE));

        assertThat(page.items()).extracting(Notifications::id)
                .containsExactlyElementsOf(offsetListing(READERS_ROWS, List.of(NOTIFICATIONS.CREATED_AT.desc())));
        assertThat(page.nextCursor()).isNull();
        assertThat(page.previousCursor()).isNull();
    }

    @Test
    void aFilterThatMatchesNothingGivesOneEmptyPageWithoutCursors() {
        Page<Notifications> page = db.notifications().firstPage(PageRequest.of(10)
                .where(NOTIFICATIONS.USER_ID.eq("nobody")).orderBy(NOTIFICATIONS.CREATED_AT.desc()));

        assertThat(page.items()).isEmpty();
        assertThat(page.hasNext()).isFalse();
        assertThat(page.hasPrevious()).isFalse();
    }

    @Test
    void theSameRequestOnAnotherUsersRowsListsOnlyThoseRows() {
        PageRequest request = PageRequest.of(4).where(NOTIFICATIONS.USER_ID.eq(OTHER_READER))
                .orderBy(NOTIFICATIONS.CREATED_AT.desc());

        List<Long> ids = ids(walkForward(request));

        assertThat(ids).hasSize(READER_ROWS / 5)
                .containsExactlyElementsOf(offsetListing(NOTIFICATIONS.USER_ID.eq(OTHER_READER),
                        List.of(NOTIFICATIONS.CREATED_AT.desc())));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Soft deletion and rows that change between pages

    @Test
    void softDeletedRowsNeverAppearInKeysetOrOffsetPages() {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 9);
        List<Page<Notifications>> forward = walkForward(request);
        List<Notifications> seen = new ArrayList<>();
        forward.forEach(page -> seen.addAll(page.items()));
        Page<Notifications> back = forward.get(forward.size() - 1);
        while (back.hasPrevious()) {
            back = db.notifications().pageBefore(request, back.previousCursor());
            seen.addAll(back.items());
        }
        for (int number = 0; number * 25 < liveRows; number++) {
            seen.addAll(db.notifications().offsetPage(READERS_ROWS, number, 25, NOTIFICATIONS.ID.asc()).items());
        }

        assertThat(seen).extracting(Notifications::id).doesNotContainAnyElementsOf(deletedIds);
        assertThat(seen).extracting(Notifications::deletedAt).containsOnlyNulls();
        assertThat(seen).extracting(Notifications::id).containsAll(offsetListing(READERS_ROWS, List.of()));
    }

    @Test
    void theRecycleBinPagesExactlyTheSoftDeletedRows() {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 4);

        List<Long> deleted = new ArrayList<>();
        Page<Notifications> page = db.notifications().onlyDeleted().firstPage(request);
        deleted.addAll(page.items().stream().map(Notifications::id).toList());
        while (page.hasNext()) {
            page = db.notifications().onlyDeleted().pageAfter(request, page.nextCursor());
            deleted.addAll(page.items().stream().map(Notifications::id).toList());
        }

        assertThat(deleted).containsExactlyInAnyOrderElementsOf(deletedIds);
    }

    @Test
    void theRowACursorPointsAtMayBeDeletedAndThePageAfterItStillFollowsOn() {
        List<Long> ids = db.notifications().insertAll(List.of(
                notification(MOVING_READER, 0), notification(MOVING_READER, 1), notification(MOVING_READER, 2),
                notification(MOVING_READER, 3), notification(MOVING_READER, 4), notification(MOVING_READER, 5),
                notification(MOVING_READER, 6), notification(MOVING_READER, 7))).stream()
                .map(Notifications::id).toList();
        Condition mine = NOTIFICATIONS.USER_ID.eq(MOVING_READER);
        PageRequest request = PageRequest.of(3).where(mine).orderBy(NOTIFICATIONS.CREATED_AT.desc());
        List<Long> before = offsetListing(mine, List.of(NOTIFICATIONS.CREATED_AT.desc()));
        Page<Notifications> first = db.notifications().firstPage(request);
        assertThat(first.items()).extracting(Notifications::id).containsExactlyElementsOf(before.subList(0, 3));

        db.notifications().delete(before.get(2));
        db.notifications().insert(notification(MOVING_READER, 9).setCreatedAt(BASE.plusMinutes(10)));
        Page<Notifications> second = db.notifications().pageAfter(request, first.nextCursor());

        assertThat(second.items()).extracting(Notifications::id).containsExactlyElementsOf(before.subList(3, 6));
        assertThat(ids).containsAll(before);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Cursors the listing did not issue

    @ParameterizedTest(name = "character {0} of the payload")
    @ValueSource(ints = {0, 5, 20, 40})
    void aCursorWithAnAlteredPayloadCharacterIsRefused(int index) {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 10);
        String cursor = db.notifications().firstPage(request).nextCursor();
        int dot = cursor.indexOf('.');
        assertThat(index).isLessThan(dot - 1);

        assertCursorRefused(() -> db.notifications().pageAfter(request, flip(cursor, index)));
    }

    @ParameterizedTest(name = "character {0} of the signature")
    @ValueSource(ints = {0, 10, 30})
    void aCursorWithAnAlteredSignatureCharacterIsRefused(int index) {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 10);
        String cursor = db.notifications().firstPage(request).nextCursor();
        int dot = cursor.indexOf('.');

        assertCursorRefused(() -> db.notifications().pageAfter(request, flip(cursor, dot + 1 + index)));
    }

    @Test
    void everySingleCharacterAlterationOfACursorIsRefused() {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 10);
        String cursor = db.notifications().firstPage(request).nextCursor();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        List<String> accepted = new ArrayList<>();
        for (int index = 0; index < cursor.length(); index++) {
            for (char replacement : alphabet.toCharArray()) {
                if (replacement == cursor.charAt(index)) {
                    continue;
                }
                String altered = cursor.substring(0, index) + replacement + cursor.substring(index + 1);
                Throwable thrown = catchThrowable(() -> db.notifications().pageAfter(request, altered));
                if (!(thrown instanceof InvalidInputException refused && refused.field().equals("cursor"))) {
                    accepted.add("index " + index + " '" + cursor.charAt(index) + "' -> '" + replacement + "'");
                }
            }
        }

        assertThat(accepted).as("alterations of %s (%d characters, dot at %d) that were not refused",
                cursor, cursor.length(), cursor.indexOf('.')).isEmpty();
    }

    static Stream<Arguments> forgedSortValues() {
        return Stream.of(
                Arguments.of("a priority no enum constant has", List.of("urgent", "1709283600:0", "1")),
                Arguments.of("a created_at that is no timestamp", List.of("high", "yesterday", "1")),
                Arguments.of("a created_at in ISO-8601, not as a cursor holds it", List.of("high",
                        "2024-03-01T09:00:00Z", "1")),
                Arguments.of("a created_at with a nanosecond out of range", List.of("high", "1709283600:1000000000",
                        "1")),
                Arguments.of("an id that is no number", List.of("high", "1709283600:0", "one")),
                Arguments.of("too few values", List.of("high", "1709283600:0")),
                Arguments.of("too many values", List.of("high", "1709283600:0", "1", "2")));
    }

    /**
     * A cursor signed with the library's default secret (which is in its source) or issued before an enum lost a
     * constant carries values the listing cannot use: refused as a cursor, not failing somewhere after the SQL.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedSortValues")
    void aValidlySignedCursorHoldingUnusableSortValuesIsRefused(String label, List<String> values) throws Exception {
        PageRequest request = request(List.of(NOTIFICATIONS.PRIORITY.asc(), NOTIFICATIONS.CREATED_AT.desc()), 10);
        String issued = db.notifications().firstPage(request).nextCursor();
        JsonNode payload = new ObjectMapper().readTree(
                Base64.getUrlDecoder().decode(issued.substring(0, issued.indexOf('.'))));
        CursorCodec defaultSecret = new CursorCodec("edu-data keyset cursors".getBytes(StandardCharsets.UTF_8));
        String forged = defaultSecret.encode(new CursorCodec.Position(true, payload.get("f").asText(), values));
        // The forgery is faithful: with the issued values it is the issued cursor.
        List<String> issuedValues = new ArrayList<>();
        payload.get("k").forEach(value -> issuedValues.add(value.asText()));
        assertThat(defaultSecret.encode(new CursorCodec.Position(true, payload.get("f").asText(), issuedValues)))
                .isEqualTo(issued);

        assertCursorRefused(() -> db.notifications().pageAfter(request, forged));
    }

    @Test
    void aTruncatedCursorIsRefused() {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 10);
        String cursor = db.notifications().firstPage(request).nextCursor();
        int dot = cursor.indexOf('.');

        assertCursorRefused(() -> db.notifications().pageAfter(request, cursor.substring(0, cursor.length() - 4)));
        assertCursorRefused(() -> db.notifications().pageAfter(request, cursor.substring(0, cursor.length() - 1)));
        assertCursorRefused(() -> db.notifications().pageAfter(request, cursor.substring(0, dot + 1)));
        assertCursorRefused(() -> db.notifications().pageAfter(request, cursor.substring(0, dot)));
        assertCursorRefused(() -> db.notifications().pageAfter(request, cursor.substring(0, dot / 2)));
        assertCursorRefused(() -> db.notifications().pageAfter(request, cursor.substring(dot)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"garbage", "not.a.cursor", "%%%.$$$", "eyJ2IjoxfQ.AAAA", ".", "", "   ",
            "{\"v\":1,\"d\":\"a\",\"f\":\"x\",\"k\":[\"1\"]}"})
    void garbageTextIsRefusedAsACursor(String garbage) {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 10);

        assertCursorRefused(() -> db.notifications().pageAfter(request, garbage));
        assertCursorRefused(() -> db.notifications().pageBefore(request, garbage));
    }

    @Test
    void aCursorPresentedWithAnotherFilterIsRefused() {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 10);
        String cursor = db.notifications().firstPage(request).nextCursor();

        assertCursorRefused(() -> db.notifications().pageAfter(
                request.where(NOTIFICATIONS.USER_ID.eq(OTHER_READER)), cursor));
        assertCursorRefused(() -> db.notifications().pageAfter(
                request.where(READERS_ROWS.and(NOTIFICATIONS.IS_READ.isFalse())), cursor));
        assertCursorRefused(() -> db.notifications().pageAfter(PageRequest.of(10)
                .orderBy(NOTIFICATIONS.CREATED_AT.desc()), cursor));
    }

    @Test
    void aCursorPresentedWithAnotherOrderIsRefused() {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 10);
        String cursor = db.notifications().firstPage(request).nextCursor();

        assertCursorRefused(() -> db.notifications().pageAfter(
                request.orderBy(NOTIFICATIONS.CREATED_AT.asc()), cursor));
        assertCursorRefused(() -> db.notifications().pageAfter(
                request.orderBy(NOTIFICATIONS.PRIORITY.asc(), NOTIFICATIONS.CREATED_AT.desc()), cursor));
        assertCursorRefused(() -> db.notifications().pageAfter(new PageRequest(READERS_ROWS, List.of(), 10), cursor));
    }

    @Test
    void aCursorOfTheRecycleBinIsRefusedByTheLiveListing() {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 3);
        String binCursor = db.notifications().onlyDeleted().firstPage(request).nextCursor();
        assertThat(binCursor).isNotNull();

        assertCursorRefused(() -> db.notifications().pageAfter(request, binCursor));
    }

    @Test
    void aCursorOfAnotherTableIsRefused() {
        String usersCursor = db.users().firstPage(PageRequest.of(1).orderBy(USERS.CREATED_AT.asc())).nextCursor();
        assertThat(usersCursor).isNotNull();

        assertCursorRefused(() -> db.notifications().pageAfter(
                request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 10), usersCursor));
        assertCursorRefused(() -> db.notifications().pageAfter(
                PageRequest.of(1).orderBy(NOTIFICATIONS.CREATED_AT.asc()), usersCursor));
    }

    @Test
    void aCursorSignedWithAnotherSecretIsRefused() {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 10);
        String foreign;
        try (EduDatabase other = EduDatabase.builder().dataSource(postgres.dataSource())
                .cursorSecret("a different secret for cursors").build()) {
            foreign = other.notifications().firstPage(request).nextCursor();
        }

        assertCursorRefused(() -> db.notifications().pageAfter(request, foreign));
    }

    @Test
    void aNextCursorPassedToPageBeforeAndAPreviousCursorPassedToPageAfterAreRefused() {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 10);
        Page<Notifications> second = db.notifications().pageAfter(request,
                db.notifications().firstPage(request).nextCursor());

        assertCursorRefused(() -> db.notifications().pageBefore(request, second.nextCursor()));
        assertCursorRefused(() -> db.notifications().pageAfter(request, second.previousCursor()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Requests the listing refuses

    @Test
    void orderingByANullableColumnIsRefused() {
        for (SortField<?> nullable : List.of(NOTIFICATIONS.EXPIRES_AT.asc(), NOTIFICATIONS.RELATED_CONTENT_ID.desc(),
                NOTIFICATIONS.DELETED_AT.asc())) {
            InvalidInputException refused = refusedBeforeSql(() -> db.notifications()
                    .firstPage(PageRequest.of(10).where(READERS_ROWS).orderBy(nullable)));
            assertThat(refused.field()).isEqualTo("orderBy");
            assertThat(refused.reason()).contains(nullable.$field().getName());
        }
    }

    @Test
    void orderingByAColumnOfAnotherTableIsRefused() {
        InvalidInputException refused = refusedBeforeSql(() -> db.notifications()
                .firstPage(PageRequest.of(10).where(READERS_ROWS).orderBy(USERS.EMAIL.asc())));

        assertThat(refused.field()).isEqualTo("orderBy");
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {0, -1, PageRequest.MAX_SIZE + 1, Integer.MAX_VALUE})
    void aPageSizeOutsideOneToMaxSizeIsRefused(int size) {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), size);

        assertThat(refusedBeforeSql(() -> db.notifications().firstPage(request)).field()).isEqualTo("size");
        PageRequest valid = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 10);
        String cursor = db.notifications().firstPage(valid).nextCursor();
        assertThat(refusedBeforeSql(() -> db.notifications().pageAfter(request, cursor)).field()).isEqualTo("size");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Offset pages

    @ParameterizedTest(name = "{0} per page")
    @ValueSource(ints = {1, 13, 100, LIVE_ROWS, PageRequest.MAX_SIZE})
    void offsetPagesMatchTheListingAndCountEveryLiveRow(int size) {
        List<Long> expected = offsetListing(READERS_ROWS, List.of(NOTIFICATIONS.PRIORITY.asc(),
                NOTIFICATIONS.CREATED_AT.desc()));
        int pageCount = (liveRows + size - 1) / size;

        List<Long> seen = new ArrayList<>();
        for (int number = 0; number < pageCount; number++) {
            OffsetPage<Notifications> page = db.notifications().offsetPage(READERS_ROWS, number, size,
                    NOTIFICATIONS.PRIORITY.asc(), NOTIFICATIONS.CREATED_AT.desc(), NOTIFICATIONS.ID.asc());
            assertThat(page.totalItems()).isEqualTo(liveRows);
            assertThat(page.totalPages()).isEqualTo(pageCount);
            assertThat(page.pageNumber()).isEqualTo(number);
            assertThat(page.pageSize()).isEqualTo(size);
            assertThat(page.items()).extracting(Notifications::id).containsExactlyElementsOf(
                    expected.subList(number * size, Math.min(expected.size(), (number + 1) * size)));
            seen.addAll(page.items().stream().map(Notifications::id).toList());
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        OffsetPage<Notifications> pastTheEnd = db.notifications().offsetPage(READERS_ROWS, pageCount, size,
                NOTIFICATIONS.ID.asc());
        assertThat(pastTheEnd.items()).isEmpty();
        assertThat(pastTheEnd.totalItems()).isEqualTo(liveRows);
    }

    @Test
    void offsetAndKeysetPagesOfTheSameRequestHoldTheSameRows() {
        PageRequest request = request(List.of(NOTIFICATIONS.CREATED_AT.desc()), 20);
        List<Page<Notifications>> keyset = walkForward(request);

        for (int number = 0; number < keyset.size(); number++) {
            assertThat(db.notifications().offsetPage(READERS_ROWS, number, 20, NOTIFICATIONS.CREATED_AT.desc(),
                    NOTIFICATIONS.ID.asc()).items()).as("page %d", number).isEqualTo(keyset.get(number).items());
        }
    }

    @Test
    void anOffsetPageStartingBeyondMaxOffsetIsRefused() {
        InvalidInputException refused = refusedBeforeSql(() -> db.notifications()
                .offsetPage(READERS_ROWS, Repository.MAX_OFFSET / 100 + 1, 100, NOTIFICATIONS.ID.asc()));
        assertThat(refused.field()).isEqualTo("pageNumber");
        assertThat(refusedBeforeSql(() -> db.notifications()
                .offsetPage(READERS_ROWS, Repository.MAX_OFFSET + 1, 1)).field()).isEqualTo("pageNumber");
        assertThat(refusedBeforeSql(() -> db.notifications()
                .offsetPage(READERS_ROWS, Integer.MAX_VALUE, PageRequest.MAX_SIZE)).field()).isEqualTo("pageNumber");
        assertThat(refusedBeforeSql(() -> db.notifications()
                .offsetPage(READERS_ROWS, -1, 10)).field()).isEqualTo("pageNumber");

        // The deepest allowed start is MAX_OFFSET itself.
        OffsetPage<Notifications> deepest = db.notifications()
                .offsetPage(READERS_ROWS, Repository.MAX_OFFSET / 100, 100, NOTIFICATIONS.ID.asc());
        assertThat(deepest.items()).isEmpty();
        assertThat(deepest.totalItems()).isEqualTo(liveRows);
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {0, -5, PageRequest.MAX_SIZE + 1})
    void anOffsetPageSizeOutsideOneToMaxSizeIsRefused(int size) {
        assertThat(refusedBeforeSql(() -> db.notifications().offsetPage(READERS_ROWS, 0, size)).field())
                .isEqualTo("pageSize");
    }

    // ---------------------------------------------------------------------------------------------------------

    private static NotificationsRecord notification(String user, int i) {
        return db.notifications().newRecord()
                .setUserId(user)
                .setNotificationType("reminder")
                .setTitle("Notification " + i)
                .setMessage("Message " + i)
                .setPriority(Priority.values()[(i / 5) % 3])
                .setIsRead(i % 4 == 0)
                .setCreatedAt(BASE.plusMinutes(i % 5).plusNanos((i % 5) * 1_000L));
    }

    private static PageRequest request(List<SortField<?>> order, int size) {
        return new PageRequest(READERS_ROWS, order, size);
    }

    /** The ids of the live rows matching {@code where} in {@code order}, then by id, in one plain SQL listing. */
    private static List<Long> offsetListing(Condition where, List<SortField<?>> order) {
        return db.dsl().select(NOTIFICATIONS.ID).from(NOTIFICATIONS)
                .where(where).and(NOTIFICATIONS.DELETED_AT.isNull())
                .orderBy(withIdLast(order))
                .fetch(NOTIFICATIONS.ID);
    }

    private static SortField<?>[] withIdLast(List<SortField<?>> order) {
        List<SortField<?>> all = new ArrayList<>(order);
        if (order.stream().noneMatch(sort -> sort.$field().equals(NOTIFICATIONS.ID))) {
            all.add(NOTIFICATIONS.ID.asc());
        }
        return all.toArray(SortField<?>[]::new);
    }

    private static List<Page<Notifications>> walkForward(PageRequest request) {
        List<Page<Notifications>> pages = new ArrayList<>();
        pages.add(db.notifications().firstPage(request));
        while (pages.get(pages.size() - 1).hasNext()) {
            assertThat(pages).as("a forward walk that ends").hasSizeLessThanOrEqualTo(READER_ROWS + 1);
            pages.add(db.notifications().pageAfter(request, pages.get(pages.size() - 1).nextCursor()));
        }
        return pages;
    }

    private static List<Long> ids(List<Page<Notifications>> pages) {
        return pages.stream().flatMap(page -> page.items().stream()).map(Notifications::id).toList();
    }

    /** {@code cursor} with the character at {@code index} replaced by another base64url character. */
    private static String flip(String cursor, int index) {
        char replacement = cursor.charAt(index) == 'A' ? 'B' : 'A';
        return cursor.substring(0, index) + replacement + cursor.substring(index + 1);
    }

    private static void assertCursorRefused(Supplier<?> call) {
        assertThat(refusedBeforeSql(call).field()).isEqualTo("cursor");
    }

    /** Runs {@code call}, which must throw an InvalidInputException without taking a connection. */
    private static InvalidInputException refusedBeforeSql(Supplier<?> call) {
        int connectionsBefore = dataSource.connections();
        Throwable thrown = catchThrowable(call::get);
        assertThat(thrown).as("what the call threw (null: it returned normally)")
                .isExactlyInstanceOf(InvalidInputException.class);
        InvalidInputException refused = (InvalidInputException) thrown;
        assertThat(refused.sqlState()).isNull();
        assertThat(dataSource.connections()).as("connections taken").isEqualTo(connectionsBefore);
        return refused;
    }
}

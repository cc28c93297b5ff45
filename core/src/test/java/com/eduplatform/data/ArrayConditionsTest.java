package com.eduplatform.data;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.CONTENT_SHARES;
import static com.eduplatform.data.jooq.Tables.WORKSPACES;
import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.jooq.tables.pojos.ContentGenerations;
import com.eduplatform.data.jooq.tables.pojos.Workspaces;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import java.util.Arrays;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ArrayConditions select exactly the rows whose text[] or integer[] holds the given elements, never a row whose
 * array is NULL, and render as the array operators the GIN indexes serve.
 */
class ArrayConditionsTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static final String OWNER = "array-owner";
    private static final String ANN = "ann";
    private static final String BEN = "ben";
    private static final String CAL = "cal";
    private static final String DEE = "dee";
    /** An id full of the characters array literals and LIKE patterns treat specially. */
    private static final String ODD = "o'dd, {x} \"y\" %_\\z";
    /** A prefix of ANN, to tell containment from substring matching. */
    private static final String AN = "an";

    private static EduDatabase db;

    // content generations and what content_shares make their shared_with
    private static int sharedWithAnnAndBen;
    private static int sharedWithBenAndCal;
    private static int sharedWithAnn;
    private static int sharedWithNobody;
    private static int sharedWithOdd;

    // workspaces: members (text[], NOT NULL) and shared_content (integer[], nullable)
    private static int annBen;
    private static int benCalNullContent;
    private static int calEmptyContent;
    private static int annCalDee;
    private static int oddOnlyNullContent;

    @BeforeAll
    static void seed() {
        db = database.db();
        DSLContext dsl = db.dsl();
        for (String user : List.of(OWNER, ANN, BEN, CAL, DEE, ODD, AN)) {
            TestRows.user(dsl, user, Role.STUDENT);
        }

        sharedWithAnnAndBen = generationSharedWith(ANN, BEN);
        sharedWithBenAndCal = generationSharedWith(CAL, BEN);
        sharedWithAnn = generationSharedWith(ANN);
        sharedWithNobody = generationSharedWith();
        sharedWithOdd = generationSharedWith(ODD, DEE);

        annBen = workspace(List.of(ANN, BEN), List.of(sharedWithAnnAndBen, sharedWithBenAndCal));
        benCalNullContent = workspace(List.of(BEN, CAL), null);
        calEmptyContent = workspace(List.of(CAL), List.of());
        annCalDee = workspace(List.of(ANN, CAL, DEE), List.of(sharedWithBenAndCal, sharedWithAnn));
        oddOnlyNullContent = workspace(List.of(ODD), null);

        assertThat(db.contentGenerations().getById(sharedWithAnnAndBen).sharedWith()).containsExactly(ANN, BEN);
        assertThat(db.contentGenerations().getById(sharedWithNobody).sharedWith()).isEmpty();
        assertThat(db.workspaces().getById(benCalNullContent).sharedContent()).isNull();
    }

    // ---------------------------------------------------------------------------------------------------------
    // text[]: content_generations.shared_with, derived from content_shares

    @Test
    void containsFindsTheContentSharedWithOneUser() {
        assertThat(generationsWhere(ArrayConditions.contains(CONTENT_GENERATIONS.SHARED_WITH, ANN)))
                .containsExactlyInAnyOrder(sharedWithAnnAndBen, sharedWithAnn);
        assertThat(generationsWhere(ArrayConditions.contains(CONTENT_GENERATIONS.SHARED_WITH, BEN)))
                .containsExactlyInAnyOrder(sharedWithAnnAndBen, sharedWithBenAndCal);
        assertThat(generationsWhere(ArrayConditions.contains(CONTENT_GENERATIONS.SHARED_WITH, DEE)))
                .containsExactly(sharedWithOdd);
    }

    @Test
    void containsMatchesWholeElementsNeverSubstrings() {
        assertThat(generationsWhere(ArrayConditions.contains(CONTENT_GENERATIONS.SHARED_WITH, AN))).isEmpty();
        assertThat(generationsWhere(ArrayConditions.contains(CONTENT_GENERATIONS.SHARED_WITH, "n"))).isEmpty();
        assertThat(generationsWhere(ArrayConditions.contains(CONTENT_GENERATIONS.SHARED_WITH, "%"))).isEmpty();
        assertThat(generationsWhere(ArrayConditions.contains(CONTENT_GENERATIONS.SHARED_WITH, OWNER))).isEmpty();
    }

    @Test
    void anElementWithQuotesCommasBracesAndBackslashesIsMatchedExactly() {
        assertThat(generationsWhere(ArrayConditions.contains(CONTENT_GENERATIONS.SHARED_WITH, ODD)))
                .containsExactly(sharedWithOdd);
        assertThat(generationsWhere(ArrayConditions.containsAll(CONTENT_GENERATIONS.SHARED_WITH, List.of(ODD, DEE))))
                .containsExactly(sharedWithOdd);
        assertThat(generationsWhere(ArrayConditions.overlaps(CONTENT_GENERATIONS.SHARED_WITH, List.of(ODD, "nobody"))))
                .containsExactly(sharedWithOdd);
        assertThat(workspacesWhere(ArrayConditions.contains(WORKSPACES.MEMBERS, ODD)))
                .containsExactly(oddOnlyNullContent);
    }

    @Test
    void containsAllFindsTheContentSharedWithEveryOneOfTheUsers() {
        assertThat(generationsWhere(ArrayConditions.containsAll(CONTENT_GENERATIONS.SHARED_WITH, List.of(ANN, BEN))))
                .containsExactly(sharedWithAnnAndBen);
        assertThat(generationsWhere(ArrayConditions.containsAll(CONTENT_GENERATIONS.SHARED_WITH, List.of(BEN, ANN))))
                .containsExactly(sharedWithAnnAndBen);
        assertThat(generationsWhere(ArrayConditions.containsAll(CONTENT_GENERATIONS.SHARED_WITH, List.of(BEN))))
                .containsExactlyInAnyOrder(sharedWithAnnAndBen, sharedWithBenAndCal);
        assertThat(generationsWhere(ArrayConditions.containsAll(CONTENT_GENERATIONS.SHARED_WITH,
                List.of(ANN, BEN, CAL)))).isEmpty();
    }

    @Test
    void overlapsFindsTheContentSharedWithAnyOfTheUsers() {
        assertThat(generationsWhere(ArrayConditions.overlaps(CONTENT_GENERATIONS.SHARED_WITH, List.of(ANN, CAL))))
                .containsExactlyInAnyOrder(sharedWithAnnAndBen, sharedWithBenAndCal, sharedWithAnn);
        assertThat(generationsWhere(ArrayConditions.overlaps(CONTENT_GENERATIONS.SHARED_WITH, List.of(DEE))))
                .containsExactly(sharedWithOdd);
        assertThat(generationsWhere(ArrayConditions.overlaps(CONTENT_GENERATIONS.SHARED_WITH, List.of(OWNER, AN))))
                .isEmpty();
        assertThat(generationsWhere(ArrayConditions.overlaps(CONTENT_GENERATIONS.SHARED_WITH, List.of())))
                .isEmpty();
    }

    @Test
    void theRepositoryFindsSharedContentWithTheSameConditions() {
        List<ContentGenerations> shared = db.contentGenerations().find(
                ArrayConditions.contains(CONTENT_GENERATIONS.SHARED_WITH, CAL), CONTENT_GENERATIONS.ID.asc());

        assertThat(shared).extracting(ContentGenerations::id).containsExactly(sharedWithBenAndCal);
        assertThat(shared.get(0).sharedWith()).containsExactly(BEN, CAL);
        assertThat(db.contentGenerations().count(
                ArrayConditions.overlaps(CONTENT_GENERATIONS.SHARED_WITH, List.of(ANN, BEN)))).isEqualTo(3);
    }

    // ---------------------------------------------------------------------------------------------------------
    // text[]: workspaces.members

    @Test
    void membersConditionsFindExactlyTheWorkspacesOfTheirMembers() {
        assertThat(workspacesWhere(ArrayConditions.contains(WORKSPACES.MEMBERS, CAL)))
                .containsExactlyInAnyOrder(benCalNullContent, calEmptyContent, annCalDee);
        assertThat(workspacesWhere(ArrayConditions.containsAll(WORKSPACES.MEMBERS, List.of(CAL, ANN))))
                .containsExactly(annCalDee);
        assertThat(workspacesWhere(ArrayConditions.overlaps(WORKSPACES.MEMBERS, List.of(BEN, DEE))))
                .containsExactlyInAnyOrder(annBen, benCalNullContent, annCalDee);
        assertThat(workspacesWhere(ArrayConditions.contains(WORKSPACES.MEMBERS, AN))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // integer[]: workspaces.shared_content, NULL in some rows

    @Test
    void sharedContentConditionsFindExactlyTheWorkspacesHoldingTheContent() {
        assertThat(workspacesWhere(ArrayConditions.contains(WORKSPACES.SHARED_CONTENT, sharedWithBenAndCal)))
                .containsExactlyInAnyOrder(annBen, annCalDee);
        assertThat(workspacesWhere(ArrayConditions.contains(WORKSPACES.SHARED_CONTENT, sharedWithAnn)))
                .containsExactly(annCalDee);
        assertThat(workspacesWhere(ArrayConditions.containsAll(WORKSPACES.SHARED_CONTENT,
                List.of(sharedWithAnnAndBen, sharedWithBenAndCal)))).containsExactly(annBen);
        assertThat(workspacesWhere(ArrayConditions.overlaps(WORKSPACES.SHARED_CONTENT,
                List.of(sharedWithAnnAndBen, sharedWithAnn)))).containsExactlyInAnyOrder(annBen, annCalDee);
        assertThat(workspacesWhere(ArrayConditions.contains(WORKSPACES.SHARED_CONTENT, sharedWithNobody))).isEmpty();
    }

    @Test
    void aNullArrayMatchesNoConditionNotEvenAnEmptyContainsAll() {
        List<Condition> conditions = List.of(
                ArrayConditions.contains(WORKSPACES.SHARED_CONTENT, sharedWithAnnAndBen),
                ArrayConditions.containsAll(WORKSPACES.SHARED_CONTENT, List.of()),
                ArrayConditions.containsAll(WORKSPACES.SHARED_CONTENT, List.of(sharedWithAnnAndBen)),
                ArrayConditions.overlaps(WORKSPACES.SHARED_CONTENT, List.of(sharedWithAnnAndBen, sharedWithBenAndCal,
                        sharedWithAnn, sharedWithNobody, sharedWithOdd)));
        for (Condition condition : conditions) {
            assertThat(workspacesWhere(condition)).as(condition.toString())
                    .doesNotContain(benCalNullContent, oddOnlyNullContent);
            assertThat(workspacesWhere(condition.not())).as("NOT " + condition)
                    .doesNotContain(benCalNullContent, oddOnlyNullContent);
        }
        // An empty array is not NULL: every array holds the empty set, NULL holds nothing.
        assertThat(workspacesWhere(ArrayConditions.containsAll(WORKSPACES.SHARED_CONTENT, List.of())))
                .containsExactlyInAnyOrder(annBen, calEmptyContent, annCalDee);
        assertThat(db.workspaces().find(ArrayConditions.overlaps(WORKSPACES.SHARED_CONTENT,
                List.of(sharedWithAnnAndBen, sharedWithBenAndCal, sharedWithAnn)), WORKSPACES.ID.asc()))
                .extracting(Workspaces::id).containsExactly(annBen, annCalDee);
    }

    @Test
    void anEmptyListOfElementsOverlapsNothing() {
        assertThat(workspacesWhere(ArrayConditions.overlaps(WORKSPACES.MEMBERS, List.of()))).isEmpty();
        assertThat(workspacesWhere(ArrayConditions.overlaps(WORKSPACES.SHARED_CONTENT, List.of()))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Index use

    @Test
    void containsOnWorkspaceMembersIsServedByTheGinIndex() {
        String plan = planWithoutSeqScans(db.dsl().selectFrom(WORKSPACES)
                .where(ArrayConditions.contains(WORKSPACES.MEMBERS, CAL)));

        assertThat(plan).contains("idx_workspaces_members").doesNotContain("Seq Scan");
    }

    @Test
    void containsAllAndOverlapsOnWorkspaceMembersAreServedByTheGinIndex() {
        assertThat(planWithoutSeqScans(db.dsl().selectFrom(WORKSPACES)
                .where(ArrayConditions.containsAll(WORKSPACES.MEMBERS, List.of(ANN, CAL)))))
                .contains("idx_workspaces_members");
        assertThat(planWithoutSeqScans(db.dsl().selectFrom(WORKSPACES)
                .where(ArrayConditions.overlaps(WORKSPACES.MEMBERS, List.of(ANN, CAL)))))
                .contains("idx_workspaces_members");
    }

    @Test
    void conditionsOnSharedContentAndSharedWithAreServedByTheirGinIndexes() {
        assertThat(planWithoutSeqScans(db.dsl().selectFrom(WORKSPACES)
                .where(ArrayConditions.contains(WORKSPACES.SHARED_CONTENT, sharedWithAnn))))
                .contains("idx_workspaces_shared_content");
        assertThat(planWithoutSeqScans(db.dsl().selectFrom(WORKSPACES)
                .where(ArrayConditions.overlaps(WORKSPACES.SHARED_CONTENT, List.of(sharedWithAnn)))))
                .contains("idx_workspaces_shared_content");
        assertThat(planWithoutSeqScans(db.dsl().selectFrom(CONTENT_GENERATIONS)
                .where(ArrayConditions.contains(CONTENT_GENERATIONS.SHARED_WITH, ANN))))
                .contains("idx_content_generations_shared_with");
    }

    @Test
    void theConditionsRenderAsArrayOperators() {
        assertThat(db.dsl().renderInlined(ArrayConditions.contains(WORKSPACES.MEMBERS, CAL))).contains("@>");
        assertThat(db.dsl().renderInlined(ArrayConditions.containsAll(WORKSPACES.MEMBERS, List.of(CAL)))).contains("@>");
        assertThat(db.dsl().renderInlined(ArrayConditions.overlaps(WORKSPACES.MEMBERS, List.of(CAL)))).contains("&&");
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A content generation owned by OWNER, shared through content_shares with {@code users}. */
    private static int generationSharedWith(String... users) {
        int id = TestRows.generation(db.dsl(), OWNER, ContentType.LESSON);
        for (String user : users) {
            db.dsl().insertInto(CONTENT_SHARES)
                    .set(CONTENT_SHARES.CONTENT_GENERATION_ID, id)
                    .set(CONTENT_SHARES.SHARED_BY, OWNER)
                    .set(CONTENT_SHARES.SHARED_WITH, user)
                    .execute();
        }
        assertThat(db.contentGenerations().getById(id).sharedWith())
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(users));
        return id;
    }

    private static int workspace(List<String> members, List<Integer> sharedContent) {
        return db.dsl().insertInto(WORKSPACES)
                .set(WORKSPACES.CREATED_BY, OWNER)
                .set(WORKSPACES.NAME, "Workspace of " + members)
                .set(WORKSPACES.MEMBERS, members)
                .set(WORKSPACES.SHARED_CONTENT, sharedContent)
                .returning(WORKSPACES.ID)
                .fetchSingle(WORKSPACES.ID);
    }

    private static List<Integer> generationsWhere(Condition condition) {
        return db.dsl().select(CONTENT_GENERATIONS.ID).from(CONTENT_GENERATIONS).where(condition)
                .fetch(CONTENT_GENERATIONS.ID);
    }

    private static List<Integer> workspacesWhere(Condition condition) {
        return db.dsl().select(WORKSPACES.ID).from(WORKSPACES).where(condition).fetch(WORKSPACES.ID);
    }

    /** The plan PostgreSQL chooses for {@code query} with sequential scans switched off in the same transaction. */
    private static String planWithoutSeqScans(Query query) {
        return db.inTransaction(tx -> {
            tx.dsl().execute("SET LOCAL enable_seqscan = off");
            assertThat(tx.dsl().fetchValue("SHOW enable_seqscan")).isEqualTo("off");
            String plan = String.join("\n", tx.dsl().fetch(DSL.sql("EXPLAIN {0}", query))
                    .getValues(0, String.class));
            assertThat(plan).as("a plan").isNotBlank();
            return plan;
        });
    }
}

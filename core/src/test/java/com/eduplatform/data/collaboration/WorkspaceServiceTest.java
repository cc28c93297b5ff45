package com.eduplatform.data.collaboration;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.Workspaces;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import com.eduplatform.data.types.ShareType;
import java.util.ArrayList;
import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WorkspaceServiceTest {

    private static final int THREADS = 30;

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static WorkspaceService workspaces;

    @BeforeAll
    static void connect() {
        db = database.db();
        workspaces = db.workflows().workspaces();
        for (String user : List.of("teacher", "alice", "bob", "carol")) {
            TestRows.user(db.dsl(), user, Role.TEACHER);
        }
        for (int i = 0; i < THREADS; i++) {
            TestRows.user(db.dsl(), crowd(i), Role.STUDENT);
        }
    }

    @Test
    void creatingAWorkspaceMakesItsCreatorTheFirstMemberWithoutDuplicates() {
        Workspaces created = workspaces.create("teacher", "Class 8B", "Fractions unit", "class",
                List.of("alice", "teacher", "alice"));

        assertThat(created.members()).containsExactly("teacher", "alice");
        assertThat(created.sharedContent()).isEmpty();
        assertThat(created.isActive()).isTrue();
        assertThat(activities(created.id())).containsExactly("workspace.created");
    }

    @Test
    void membersThatDoNotExistAreRefusedByTheSchemasArrayForeignKey() {
        long before = db.workspaces().count();

        assertThatThrownBy(() -> workspaces.create("teacher", "Ghosts", null, null, List.of("ghost")))
                .isInstanceOfSatisfying(ForeignKeyViolationException.class,
                        e -> assertThat(e.constraint()).isEqualTo("workspaces_members_fkey"));
        int id = workspace();
        assertThatThrownBy(() -> workspaces.addMember(id, "teacher", "ghost"))
                .isInstanceOfSatisfying(ForeignKeyViolationException.class,
                        e -> assertThat(e.constraint()).isEqualTo("workspaces_members_fkey"));

        assertThat(db.workspaces().count()).isEqualTo(before + 1);
        assertThat(db.workspaces().getById(id).members()).containsExactly("teacher");
        assertThat(activities(id)).containsExactly("workspace.created");
    }

    @Test
    void contentThatDoesNotExistIsRefusedByTheSchemasArrayForeignKey() {
        int id = workspace();

        assertThatThrownBy(() -> workspaces.shareContent(id, "teacher", 999_999))
                .isInstanceOfSatisfying(ForeignKeyViolationException.class,
                        e -> assertThat(e.constraint()).isEqualTo("workspaces_shared_content_fkey"));

        assertThat(db.workspaces().getById(id).sharedContent()).isEmpty();
    }

    @Test
    void addingAndRemovingMembersFollowsWhoMayDoIt() {
        int id = workspace();

        assertThatThrownBy(() -> workspaces.addMember(id, "alice", "bob")).isInstanceOf(AccessDeniedException.class);
        assertThat(workspaces.addMember(id, "teacher", "alice").members()).containsExactly("teacher", "alice");
        assertThat(workspaces.addMember(id, "alice", "bob").members()).containsExactly("teacher", "alice", "bob");
        assertThat(workspaces.addMember(id, "alice", "bob").members()).containsExactly("teacher", "alice", "bob");

        assertThatThrownBy(() -> workspaces.removeMember(id, "alice", "bob")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> workspaces.removeMember(id, "teacher", "teacher"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("workspaces.members"));
        assertThat(workspaces.removeMember(id, "bob", "bob").members()).containsExactly("teacher", "alice");
        assertThat(workspaces.removeMember(id, "teacher", "alice").members()).containsExactly("teacher");
        assertThat(activities(id)).containsExactly("workspace.created", "workspace.member_added",
                "workspace.member_added", "workspace.member_removed", "workspace.member_removed");
    }

    @Test
    void concurrentMemberAddsAreAllKeptWithoutDuplicates() throws Exception {
        int id = workspace();
        int versionBefore = db.workspaces().getById(id).versionNumber();

        // Every student is added twice, by threads released together.
        List<Workspaces> results = SharingServiceTest.runTogether(THREADS * 2,
                i -> workspaces.addMember(id, "teacher", crowd(i % THREADS)));

        Workspaces after = db.workspaces().getById(id);
        List<String> expected = new ArrayList<>(List.of("teacher"));
        for (int i = 0; i < THREADS; i++) {
            expected.add(crowd(i));
        }
        assertThat(results).hasSize(THREADS * 2);
        assertThat(after.members()).hasSize(THREADS + 1).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(after.versionNumber()).isEqualTo(versionBefore + THREADS);
        assertThat(activities(id).stream().filter("workspace.member_added"::equals)).hasSize(THREADS);
    }

    @Test
    void concurrentContentSharesAreAllKeptWithoutDuplicates() throws Exception {
        int id = workspace();
        List<Integer> contents = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            contents.add(TestRows.generation(db.dsl(), "teacher", ContentType.LESSON));
        }

        SharingServiceTest.runTogether(40, i -> workspaces.shareContent(id, "teacher", contents.get(i % 20)));

        assertThat(db.workspaces().getById(id).sharedContent()).hasSize(20)
                .containsExactlyInAnyOrderElementsOf(contents);
    }

    @Test
    void onlyMembersWhoOwnOrMayReshareContentShareItAndCreatorOrOwnerUnshareIt() {
        int id = workspace();
        workspaces.addMember(id, "teacher", "alice");
        workspaces.addMember(id, "teacher", "bob");
        int teachers = TestRows.generation(db.dsl(), "teacher", ContentType.LESSON);
        int carols = TestRows.generation(db.dsl(), "carol", ContentType.LESSON);

        assertThatThrownBy(() -> workspaces.shareContent(id, "alice", teachers))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> workspaces.shareContent(id, "carol", carols))
                .isInstanceOf(AccessDeniedException.class);
        db.workflows().sharing().share(carols, "carol", "alice", ShareType.COLLABORATE, null);
        assertThat(workspaces.shareContent(id, "alice", carols).sharedContent()).containsExactly(carols);
        assertThat(workspaces.shareContent(id, "teacher", teachers).sharedContent()).containsExactly(carols, teachers);
        assertThat(workspaces.shareContent(id, "teacher", teachers).sharedContent()).containsExactly(carols, teachers);

        assertThatThrownBy(() -> workspaces.unshareContent(id, "bob", teachers))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(workspaces.unshareContent(id, "carol", carols).sharedContent()).containsExactly(teachers);
        assertThat(workspaces.unshareContent(id, "teacher", teachers).sharedContent()).isEmpty();
    }

    @Test
    void softDeletedContentCannotBeSharedIntoAWorkspace() {
        int id = workspace();
        int content = TestRows.generation(db.dsl(), "teacher", ContentType.LESSON);
        db.contentGenerations().delete(content);

        assertThatThrownBy(() -> workspaces.shareContent(id, "teacher", content))
                .isInstanceOf(NotFoundException.class);
        assertThat(db.workspaces().getById(id).sharedContent()).isEmpty();
    }

    @Test
    void onlyTheCreatorArchivesAndAnArchivedWorkspaceNoLongerChanges() {
        int id = workspace();

        assertThatThrownBy(() -> workspaces.archive(id, "alice")).isInstanceOf(AccessDeniedException.class);
        Workspaces archived = workspaces.archive(id, "teacher");

        assertThat(archived.isActive()).isFalse();
        assertThatThrownBy(() -> workspaces.addMember(id, "teacher", "alice"))
                .isInstanceOfSatisfying(InvalidTransitionException.class,
                        e -> assertThat(e.currentState()).isEqualTo("archived"));
        assertThatThrownBy(() -> workspaces.archive(id, "teacher")).isInstanceOf(InvalidTransitionException.class);
        assertThat(db.workspaces().getById(id).members()).containsExactly("teacher");
        assertThat(workspaces.workspacesOf("teacher")).extracting(Workspaces::id).doesNotContain(id);
    }

    @Test
    void aDeletedWorkspaceIsNotFound() {
        int id = workspace();
        db.workspaces().delete(id);

        assertThatThrownBy(() -> workspaces.addMember(id, "teacher", "alice")).isInstanceOf(NotFoundException.class);
        assertThat(db.workspaces().includingDeleted().getById(id).members()).containsExactly("teacher");
    }

    private static int workspace() {
        return workspaces.create("teacher", "Workspace", null, null, List.of()).id();
    }

    private static String crowd(int i) {
        return "workspace-student-" + i;
    }

    private static List<String> activities(int workspaceId) {
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE).from(USER_ACTIVITY_LOGS)
                .where(DSL.field("{0}->>'workspace_id'", String.class, USER_ACTIVITY_LOGS.ACTIVITY_DETAILS)
                        .eq(String.valueOf(workspaceId)))
                .orderBy(USER_ACTIVITY_LOGS.ID)
                .fetch(USER_ACTIVITY_LOGS.ACTIVITY_TYPE);
    }
}

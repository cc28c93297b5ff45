package com.eduplatform.data.notifications;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.CommunicationLogs;
import com.eduplatform.data.notifications.CommunicationService.Rendered;
import com.eduplatform.data.notifications.CommunicationService.Template;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.Race;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Role;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CommunicationServiceTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static final Map<String, Object> EXAM_READY = Map.of("student_name", "Asha", "exam_title",
            "Fractions quiz", "subject", "mathematics", "duration", 45);

    private static EduDatabase db;
    private static CommunicationService communications;

    @BeforeAll
    static void connect() {
        db = database.db();
        communications = db.workflows().communications();
        TestRows.user(db.dsl(), "teacher-1", Role.TEACHER);
        TestRows.user(db.dsl(), "student-1", Role.STUDENT);
        TestRows.user(db.dsl(), "student-2", Role.STUDENT);
        TestRows.user(db.dsl(), "parent-1", Role.PARENT);
    }

    @Test
    void aTemplatedMessageIsRenderedStoredPendingWithItsTemplateAndLogged() {
        CommunicationLogs sent = communications.sendTemplate("teacher-1", List.of("student-1", "student-2"),
                "email", "exam_ready", EXAM_READY);

        assertThat(sent.subject()).isEqualTo("Your exam \"Fractions quiz\" is ready");
        assertThat(sent.message()).isEqualTo("Hello Asha, the exam \"Fractions quiz\" (mathematics) is ready."
                + " You have 45 minutes once you start.");
        assertThat(sent.templateUsed()).isEqualTo("exam_ready");
        assertThat(sent.deliveryStatus()).isEqualTo(CommunicationService.PENDING);
        assertThat(sent.toUserIds()).containsExactly("student-1", "student-2");
        assertThat(sent.readAt()).isNull();
        assertThat(activities(sent.id())).containsExactly("communication.sent");
    }

    @Test
    void aFreeMessageKeepsItsSubjectAndTextWithNoTemplate() {
        CommunicationLogs sent = communications.send("teacher-1", List.of("parent-1"), "in_app",
                "Parent meeting", "Can we meet on Friday?");

        assertThat(sent.subject()).isEqualTo("Parent meeting");
        assertThat(sent.message()).isEqualTo("Can we meet on Friday?");
        assertThat(sent.templateUsed()).isNull();
        assertThat(sent.communicationType()).isEqualTo("in_app");
    }

    @Test
    void aMissingTemplateParameterIsRefusedNamingItAndNothingIsWritten() {
        long before = db.communicationLogs().count();

        assertThatThrownBy(() -> communications.sendTemplate("teacher-1", List.of("student-1"), "email",
                "exam_ready", Map.of("student_name", "Asha", "exam_title", "Quiz", "subject", "maths")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("parameters.duration"));

        assertThat(db.communicationLogs().count()).isEqualTo(before);
    }

    @Test
    void anUnknownTemplateIsRefusedNamingTheTemplateName() {
        assertThatThrownBy(() -> communications.sendTemplate("teacher-1", List.of("student-1"), "email",
                "no_such_template", Map.of()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("templateName"));
    }

    @Test
    void parameterValuesAreInsertedLiterallyAndNeverExpandedAgain() {
        Template template = CommunicationService.template("content_shared");

        Rendered rendered = template.render(Map.of("sharer_name", "{content_title} $1 \\",
                "content_title", "Algebra"));

        assertThat(rendered.subject()).isEqualTo("{content_title} $1 \\ shared \"Algebra\" with you");
        assertThat(template.placeholders()).containsExactly("sharer_name", "content_title");
        assertThat(CommunicationService.templates()).containsKeys("doubt_resolved", "exam_ready", "content_shared",
                "weekly_digest");
    }

    @Test
    void anUnknownRecipientIsAForeignKeyViolationAndNothingIsWritten() {
        long before = db.communicationLogs().count();
        int logged = db.dsl().fetchCount(USER_ACTIVITY_LOGS, USER_ACTIVITY_LOGS.USER_ID.eq("teacher-1"));

        assertThatThrownBy(() -> communications.send("teacher-1", List.of("student-1", "ghost"), "email",
                "Hi", "Hello"))
                .isInstanceOfSatisfying(ForeignKeyViolationException.class,
                        e -> assertThat(e.table()).isEqualTo("communication_logs"));

        assertThat(db.communicationLogs().count()).isEqualTo(before);
        assertThat(db.dsl().fetchCount(USER_ACTIVITY_LOGS, USER_ACTIVITY_LOGS.USER_ID.eq("teacher-1")))
                .isEqualTo(logged);
    }

    @Test
    void badSendInputIsRefusedNamingTheField() {
        assertField(() -> communications.send("teacher-1", List.of(), "email", "s", "m"),
                "communication_logs.to_user_ids");
        assertField(() -> communications.send("teacher-1", List.of("student-1"), "fax", "s", "m"),
                "communication_logs.communication_type");
        assertField(() -> communications.send("teacher-1", List.of("student-1"), "email", "s", " "),
                "communication_logs.message");
        assertField(() -> communications.send("", List.of("student-1"), "email", "s", "m"),
                "communication_logs.from_user_id");
        assertField(() -> communications.send("teacher-1", List.of("student-1"), "email", "x".repeat(201), "m"),
                "communication_logs.subject");
    }

    @Test
    void aMessageGoesFromPendingToSentToDeliveredToReadToRepliedStampingTheTimes() {
        CommunicationLogs message = message();

        CommunicationLogs sent = communications.markSent(message.id());
        CommunicationLogs delivered = communications.markDelivered(message.id());
        CommunicationLogs read = communications.markRead(message.id(), "student-2");
        CommunicationLogs replied = communications.markReplied(message.id(), "student-1");

        assertThat(sent.deliveryStatus()).isEqualTo("sent");
        assertThat(delivered.deliveryStatus()).isEqualTo("delivered");
        assertThat(delivered.readAt()).isNull();
        assertThat(read.deliveryStatus()).isEqualTo("read");
        assertThat(read.readAt()).isAfterOrEqualTo(message.createdAt());
        assertThat(replied.deliveryStatus()).isEqualTo("replied");
        assertThat(replied.readAt()).isEqualTo(read.readAt());
        assertThat(replied.repliedAt()).isAfterOrEqualTo(read.readAt());
        assertThat(activities(message.id())).containsExactly("communication.sent", "communication.dispatched",
                "communication.delivered", "communication.read", "communication.replied");
    }

    @Test
    void deliveryMayFailFromPendingOrSentButNotOnceDelivered() {
        CommunicationLogs pending = message();
        CommunicationLogs sent = message();
        communications.markSent(sent.id());
        CommunicationLogs delivered = message();
        communications.markSent(delivered.id());
        communications.markDelivered(delivered.id());

        assertThat(communications.markFailed(pending.id(), "bounced").deliveryStatus()).isEqualTo("failed");
        assertThat(communications.markFailed(sent.id(), "gateway timeout").deliveryStatus()).isEqualTo("failed");
        assertThatThrownBy(() -> communications.markFailed(delivered.id(), "too late"))
                .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
                    assertThat(e.currentState()).isEqualTo("delivered");
                    assertThat(e.requestedState()).isEqualTo("failed");
                });
        assertThat(db.communicationLogs().getById(delivered.id()).deliveryStatus()).isEqualTo("delivered");
    }

    @Test
    void illegalDeliveryMovesAreInvalidTransitionsAndWriteNothing() {
        CommunicationLogs message = message();

        assertState(() -> communications.markDelivered(message.id()), "pending");
        assertState(() -> communications.markRead(message.id(), "student-1"), "pending");
        assertState(() -> communications.markReplied(message.id(), "student-1"), "pending");
        communications.markSent(message.id());
        assertState(() -> communications.markSent(message.id()), "sent");
        assertState(() -> communications.markRead(message.id(), "student-1"), "sent");
        communications.markFailed(message.id(), "bounced");
        assertState(() -> communications.markDelivered(message.id()), "failed");

        CommunicationLogs stored = db.communicationLogs().getById(message.id());
        assertThat(stored.deliveryStatus()).isEqualTo("failed");
        assertThat(stored.readAt()).isNull();
        assertThat(stored.repliedAt()).isNull();
        assertThat(activities(message.id())).containsExactly("communication.sent", "communication.dispatched",
                "communication.failed");
    }

    @Test
    void aMessageCanBeReadOnceAndOnlyByARecipient() {
        CommunicationLogs message = delivered();

        assertThatThrownBy(() -> communications.markRead(message.id(), "parent-1"))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.userId()).isEqualTo("parent-1"));
        assertThat(db.communicationLogs().getById(message.id()).readAt()).isNull();

        communications.markRead(message.id(), "student-1");
        assertState(() -> communications.markRead(message.id(), "student-2"), "read");
        assertThatThrownBy(() -> communications.markRead(999_999_999L, "student-1"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> communications.markFailed(message.id(), " "))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("reason"));
    }

    @Test
    void fiftyRacingDeliveredAndFailedMovesLeaveExactlyOneWinner() throws Exception {
        CommunicationLogs message = message();
        communications.markSent(message.id());

        List<String> outcomes = Race.run(50, i -> {
            try {
                return i % 2 == 0
                        ? communications.markDelivered(message.id()).deliveryStatus()
                        : communications.markFailed(message.id(), "gateway timeout").deliveryStatus();
            } catch (InvalidTransitionException lost) {
                return "lost from " + lost.currentState();
            }
        });

        String winner = db.communicationLogs().getById(message.id()).deliveryStatus();
        assertThat(winner).isIn("delivered", "failed");
        assertThat(outcomes).filteredOn(outcome -> !outcome.startsWith("lost")).containsExactly(winner);
        assertThat(outcomes).filteredOn(outcome -> outcome.startsWith("lost"))
                .hasSize(49).containsOnly("lost from " + winner);
        assertThat(activities(message.id())).containsExactly("communication.sent", "communication.dispatched",
                "communication." + winner);
    }

    @Test
    void fiftyConcurrentSentMarksOfOnePendingMessageSucceedExactlyOnce() throws Exception {
        CommunicationLogs message = message();

        List<Boolean> won = Race.run(50, i -> {
            try {
                communications.markSent(message.id());
                return true;
            } catch (InvalidTransitionException lost) {
                return false;
            }
        });

        assertThat(won).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(activities(message.id())).containsExactly("communication.sent", "communication.dispatched");
    }

    private static CommunicationLogs message() {
        return communications.sendTemplate("teacher-1", List.of("student-1", "student-2"), "in_app",
                "doubt_resolved", Map.of("student_name", "Asha", "teacher_name", "Mr. Rao", "topic", "fractions"));
    }

    private static CommunicationLogs delivered() {
        CommunicationLogs message = message();
        communications.markSent(message.id());
        return communications.markDelivered(message.id());
    }

    private static void assertState(ThrowingCallable call, String currentState) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidTransitionException.class,
                e -> assertThat(e.currentState()).isEqualTo(currentState));
    }

    private static void assertField(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    private static List<String> activities(long communicationId) {
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE).from(USER_ACTIVITY_LOGS)
                .where(DSL.field("{0}->>'communication_id'", String.class, USER_ACTIVITY_LOGS.ACTIVITY_DETAILS)
                        .eq(String.valueOf(communicationId)))
                .orderBy(USER_ACTIVITY_LOGS.ID)
                .fetch(USER_ACTIVITY_LOGS.ACTIVITY_TYPE);
    }
}

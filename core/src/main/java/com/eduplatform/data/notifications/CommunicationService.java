package com.eduplatform.data.notifications;

import static com.eduplatform.data.jooq.Tables.COMMUNICATION_LOGS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.jooq.tables.pojos.CommunicationLogs;
import com.eduplatform.data.jooq.tables.records.CommunicationLogsRecord;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.impl.DSL;

/**
 * Communication logs: messages (email, in-app, SMS) from one user to one or more others, written from a
 * {@link Template} or as a free subject and message, and the delivery status each goes through:
 *
 * <pre>
 * pending -> sent -> delivered -> read -> replied
 *    |         |
 *    +---------+--> failed
 * </pre>
 *
 * <p>Each move is one conditional UPDATE ({@link com.eduplatform.data.Repository#transition}), so a move asked of
 * a message in another state is an {@link InvalidTransitionException} naming that state, and of two concurrent
 * moves of one message (delivered and failed, say) exactly one wins. {@code read_at} and {@code replied_at}
 * record the first read and the first reply. Every step writes the activity log in its transaction: the sender's
 * for sending and the delivery moves (the delivery system acts on the sender's behalf), the recipient's for read
 * and replied.
 */
public final class CommunicationService {

    /** A message waiting for the delivery system: the state of every new message. */
    public static final String PENDING = "pending";
    /** Handed to the channel (mail server, push service, SMS gateway). */
    public static final String SENT = "sent";
    /** The channel confirmed delivery. */
    public static final String DELIVERED = "delivered";
    /** The channel gave up; final. */
    public static final String FAILED = "failed";
    /** A recipient opened it. */
    public static final String READ = "read";
    /** A recipient answered it; final. */
    public static final String REPLIED = "replied";

    /** The communication types ({@code communication_logs.communication_type}) the seed names. */
    public static final Set<String> TYPES = Set.of("email", "in_app", "sms");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

    private static final Map<String, Template> TEMPLATES = registry(
            new Template("doubt_resolved", "Your doubt on {topic} was answered",
                    "Hello {student_name}, {teacher_name} answered your doubt on {topic}. Open it to read the"
                            + " resolution."),
            new Template("exam_ready", "Your exam \"{exam_title}\" is ready",
                    "Hello {student_name}, the exam \"{exam_title}\" ({subject}) is ready. You have {duration}"
                            + " minutes once you start."),
            new Template("content_shared", "{sharer_name} shared \"{content_title}\" with you",
                    "{sharer_name} shared \"{content_title}\" with you. It is now in your library."),
            new Template("weekly_digest", "Your week on the platform",
                    "Hello {name}, this week you completed {completed} activities and have {pending} pending."
                            + " Keep going!"));

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .communications()}. */
    public CommunicationService(EduDatabase db) {
        this.db = db;
    }

    /**
     * A message template: a subject and a body with {@code {placeholders}} (lower-case names) that
     * {@link #render} fills in. Values are inserted literally, never interpreted again, so a value holding
     * {@code {x}} or {@code $1} stays as it is.
     *
     * @param name    the registry name, stored as {@code communication_logs.template_used}
     * @param subject the subject, with placeholders
     * @param body    the message, with placeholders
     */
    public record Template(String name, String subject, String body) {

        /** Refuses a template without a name or body. */
        public Template {
            if (name == null || name.isBlank()) {
                throw new InvalidInputException("template.name", "is required");
            }
            if (body == null || body.isBlank()) {
                throw new InvalidInputException("template.body", "is required");
            }
        }

        /** The placeholder names the subject and body use, in order of first use. */
        public Set<String> placeholders() {
            Set<String> names = new LinkedHashSet<>();
            for (String text : subject == null ? List.of(body) : List.of(subject, body)) {
                Matcher matcher = PLACEHOLDER.matcher(text);
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
            return names;
        }

        /**
         * The subject and body with every placeholder replaced by its parameter's text. A placeholder with no
         * parameter (or a {@code null} one) is an {@link InvalidInputException} naming it as
         * {@code parameters.<name>}; parameters the template does not use are ignored.
         */
        public Rendered render(Map<String, ?> parameters) {
            Map<String, ?> values = parameters == null ? Map.of() : parameters;
            for (String placeholder : placeholders()) {
                if (values.get(placeholder) == null) {
                    throw new InvalidInputException("parameters." + placeholder,
                            "template " + name + " needs it");
                }
            }
            return new Rendered(subject == null ? null : fill(subject, values), fill(body, values));
        }

        private static String fill(String text, Map<String, ?> values) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(values.get(matcher.group(1)))));
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }

    /**
     * A template filled in.
     *
     * @param subject the subject, or {@code null} when the template has none
     * @param message the message body
     */
    public record Rendered(String subject, String message) {
    }

    /** The registered templates by name: {@code doubt_resolved}, {@code exam_ready}, {@code content_shared}, {@code weekly_digest}. */
    public static Map<String, Template> templates() {
        return TEMPLATES;
    }

    /** The template called {@code name}; an unknown name is an {@link InvalidInputException} on {@code templateName}. */
    public static Template template(String name) {
        Template template = name == null ? null : TEMPLATES.get(name);
        if (template == null) {
            throw new InvalidInputException("templateName", "no template called " + name
                    + "; known: " + TEMPLATES.keySet());
        }
        return template;
    }

    /**
     * Logs a message with a free subject and text from {@code fromUserId} to {@code toUserIds}; it starts
     * {@code pending}. Every recipient must be an existing user: the schema checks the array and reports a missing
     * one as a {@link ForeignKeyViolationException}, and nothing is written.
     *
     * @param type    one of {@link #TYPES}
     * @param subject the subject, or {@code null}
     */
    public CommunicationLogs send(String fromUserId, List<String> toUserIds, String type, String subject,
                                  String message) {
        if (message == null || message.isBlank()) {
            throw new InvalidInputException("communication_logs.message", "a message needs its text");
        }
        return log(fromUserId, toUserIds, type, subject, message, null);
    }

    /**
     * Logs a message rendered from the template {@code templateName} with {@code parameters}, storing the
     * template's name as {@code template_used}; otherwise as {@link #send(String, List, String, String, String)}.
     * An unknown template or a missing parameter is an {@link InvalidInputException} naming it.
     */
    public CommunicationLogs sendTemplate(String fromUserId, List<String> toUserIds, String type,
                                          String templateName, Map<String, ?> parameters) {
        Template template = template(templateName);
        Rendered rendered = template.render(parameters);
        return log(fromUserId, toUserIds, type, rendered.subject(), rendered.message(), template.name());
    }

    /** The delivery system handed the message to its channel: {@code pending -> sent}. */
    public CommunicationLogs markSent(long communicationId) {
        return deliveryStep(communicationId, List.of(PENDING), SENT, "communication.dispatched", Map.of());
    }

    /** The channel confirmed delivery: {@code sent -> delivered}. */
    public CommunicationLogs markDelivered(long communicationId) {
        return deliveryStep(communicationId, List.of(SENT), DELIVERED, "communication.delivered", Map.of());
    }

    /**
     * Delivery failed for good: {@code pending} or {@code sent -> failed}. The reason goes to the activity log
     * (the table has no column for it).
     */
    public CommunicationLogs markFailed(long communicationId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "say why delivery failed");
        }
        return deliveryStep(communicationId, List.of(PENDING, SENT), FAILED, "communication.failed",
                Map.of("reason", reason));
    }

    /**
     * A recipient opened a delivered message: {@code delivered -> read}, with {@code read_at} set. Only a
     * recipient may ({@link AccessDeniedException} otherwise); a message not yet delivered, or already read, is an
     * {@link InvalidTransitionException}.
     */
    public CommunicationLogs markRead(long communicationId, String userId) {
        return recipientStep(communicationId, userId, READ, DELIVERED, "communication.read",
                db.communicationLogs().newRecord()::setReadAt);
    }

    /**
     * A recipient answered a message they read: {@code read -> replied}, with {@code replied_at} set. Only a
     * recipient may; a message not read yet, or already replied to, is an {@link InvalidTransitionException}.
     */
    public CommunicationLogs markReplied(long communicationId, String userId) {
        return recipientStep(communicationId, userId, REPLIED, READ, "communication.replied",
                db.communicationLogs().newRecord()::setRepliedAt);
    }

    private CommunicationLogs log(String fromUserId, List<String> toUserIds, String type, String subject,
                                  String message, String templateName) {
        if (fromUserId == null || fromUserId.isBlank()) {
            throw new InvalidInputException("communication_logs.from_user_id", "a message needs its sender");
        }
        List<String> recipients = recipients(toUserIds);
        if (type == null || !TYPES.contains(type)) {
            throw new InvalidInputException("communication_logs.communication_type",
                    "must be one of " + new TreeSet<>(TYPES) + " (was " + type + ")");
        }
        CommunicationLogsRecord row = db.communicationLogs().newRecord()
                .setFromUserId(fromUserId).setToUserIds(recipients).setCommunicationType(type)
                .setSubject(subject).setMessage(message).setTemplateUsed(templateName);
        return db.inTransaction(tx -> {
            CommunicationLogs sent = tx.communicationLogs().insert(row);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("communication_id", sent.id());
            details.put("communication_type", type);
            details.put("recipients", recipients);
            if (templateName != null) {
                details.put("template", templateName);
            }
            ActivityLog.record(tx, fromUserId, "communication.sent", details);
            return sent;
        });
    }

    private static List<String> recipients(Collection<String> toUserIds) {
        if (toUserIds == null || toUserIds.isEmpty()) {
            throw new InvalidInputException("communication_logs.to_user_ids", "a message needs a recipient");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : toUserIds) {
            if (id == null || id.isBlank()) {
                throw new InvalidInputException("communication_logs.to_user_ids", "holds an empty user id");
            }
            distinct.add(id);
        }
        return new ArrayList<>(distinct);
    }

    private CommunicationLogs deliveryStep(long communicationId, List<String> from, String to, String activity,
                                           Map<String, ?> extra) {
        return db.inTransaction(tx -> {
            CommunicationLogs moved = tx.communicationLogs().transition(communicationId,
                    COMMUNICATION_LOGS.DELIVERY_STATUS, from, to, tx.communicationLogs().newRecord());
            Map<String, Object> details = new LinkedHashMap<>(extra);
            details.put("communication_id", communicationId);
            details.put("delivery_status", to);
            ActivityLog.record(tx, moved.fromUserId(), activity, details);
            return moved;
        });
    }

    private CommunicationLogs recipientStep(long communicationId, String userId, String to, String from,
                                            String activity,
                                            Function<OffsetDateTime, CommunicationLogsRecord> stamp) {
        if (userId == null || userId.isBlank()) {
            throw new InvalidInputException("userId", "is required");
        }
        return db.inTransaction(tx -> {
            List<String> recipients = tx.dsl().select(COMMUNICATION_LOGS.TO_USER_IDS).from(COMMUNICATION_LOGS)
                    .where(COMMUNICATION_LOGS.ID.eq(communicationId))
                    .fetchOptional(COMMUNICATION_LOGS.TO_USER_IDS)
                    .orElseThrow(() -> new NotFoundException(COMMUNICATION_LOGS.getName(), communicationId));
            if (!recipients.contains(userId)) {
                throw new AccessDeniedException(userId, "is not a recipient of message " + communicationId);
            }
            OffsetDateTime now = tx.dsl().select(DSL.currentOffsetDateTime()).fetchSingle().value1();
            CommunicationLogs moved = tx.communicationLogs().transition(communicationId,
                    COMMUNICATION_LOGS.DELIVERY_STATUS, List.of(from), to, stamp.apply(now));
            ActivityLog.record(tx, userId, activity, Map.of("communication_id", communicationId,
                    "delivery_status", to));
            return moved;
        });
    }

    private static Map<String, Template> registry(Template... templates) {
        Map<String, Template> byName = new LinkedHashMap<>();
        for (Template template : templates) {
            byName.put(template.name(), template);
        }
        return Collections.unmodifiableMap(byName);
    }
}

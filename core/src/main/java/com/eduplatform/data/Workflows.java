package com.eduplatform.data;

import com.eduplatform.data.analytics.AiUsageService;
import com.eduplatform.data.collaboration.SharingService;
import com.eduplatform.data.collaboration.WorkspaceService;
import com.eduplatform.data.content.DoubtService;
import com.eduplatform.data.content.ExamService;
import com.eduplatform.data.content.GenerationService;
import com.eduplatform.data.content.PracticeService;
import com.eduplatform.data.content.TutoringService;
import com.eduplatform.data.curriculum.CurriculumService;
import com.eduplatform.data.curriculum.ResourceService;
import com.eduplatform.data.notifications.CommunicationService;
import com.eduplatform.data.notifications.NotificationService;
import com.eduplatform.data.users.FamilyService;
import com.eduplatform.data.users.SessionService;

/**
 * The platform's flows as typed operations, each step one transaction that keeps the data consistent and writes
 * the activity log: reach them from {@link EduDatabase#workflows()}.
 */
public final class Workflows {

    private final NotificationService notifications;
    private final CommunicationService communications;
    private final SessionService sessions;
    private final FamilyService families;
    private final GenerationService generations;
    private final AiUsageService aiUsage;
    private final DoubtService doubts;
    private final ExamService exams;
    private final TutoringService tutoring;
    private final PracticeService practice;
    private final SharingService sharing;
    private final WorkspaceService workspaces;
    private final CurriculumService curriculum;
    private final ResourceService resources;

    Workflows(EduDatabase db) {
        this.notifications = new NotificationService(db);
        this.communications = new CommunicationService(db);
        this.sessions = new SessionService(db);
        this.families = new FamilyService(db);
        this.generations = new GenerationService(db);
        this.aiUsage = new AiUsageService(db);
        this.doubts = new DoubtService(db, notifications);
        this.exams = new ExamService(db);
        this.tutoring = new TutoringService(db);
        this.practice = new PracticeService(db);
        this.sharing = new SharingService(db);
        this.workspaces = new WorkspaceService(db);
        this.curriculum = new CurriculumService(db);
        this.resources = new ResourceService(db);
    }

    /** Notifications: the automated ones, unread counts, read marks, priority and expiry. */
    public NotificationService notifications() {
        return notifications;
    }

    /** Communication logs: messages from templates and their delivery-status transitions. */
    public CommunicationService communications() {
        return communications;
    }

    /** Sessions and activity: login, logout with duration, activity counts. */
    public SessionService sessions() {
        return sessions;
    }

    /** Parents and children: linking, and a parent's summary of each child's progress. */
    public FamilyService families() {
        return families;
    }

    /** The content generation lifecycle: start, complete with its specific row, fail, archive, regenerate. */
    public GenerationService generations() {
        return generations;
    }

    /** AI usage: every call recorded, quotas per tier and period, cost reports. */
    public AiUsageService aiUsage() {
        return aiUsage;
    }

    /** Doubts: submit, take, resolve, close, rate, relate. */
    public DoubtService doubts() {
        return doubts;
    }

    /** Exams: create with questions, publish, record attempts and their statistics. */
    public ExamService exams() {
        return exams;
    }

    /** Tutoring sessions: messages and engagement. */
    public TutoringService tutoring() {
        return tutoring;
    }

    /** Practice sessions: scores, retries and the performance trend. */
    public PracticeService practice() {
        return practice;
    }

    /** Content sharing: share, revoke, access counting, and who may see what. */
    public SharingService sharing() {
        return sharing;
    }

    /** Workspaces: members and shared content. */
    public WorkspaceService workspaces() {
        return workspaces;
    }

    /** Curriculum alignment of content, with teacher verification. */
    public CurriculumService curriculum() {
        return curriculum;
    }

    /** Educational resources: approval, listing, usage counts, helpful votes. */
    public ResourceService resources() {
        return resources;
    }
}

package com.eduplatform.data.security;

import static com.eduplatform.data.jooq.Tables.ADMIN_PROFILES;
import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;
import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.PARENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.STUDENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;

import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.DSLContext;

/**
 * Two schools, each with two students, a teacher, a parent linked to the first student, and an admin who manages
 * the school without belonging to it (users.school_id null), and rows of every user in a few tables; plus what the
 * policies let each of them read and write, worked out here independently of the SQL.
 */
final class TwoSchools {

    static final String SCHOOL_A = "school-a";
    static final String SCHOOL_B = "school-b";
    static final List<String> SCHOOLS = List.of(SCHOOL_A, SCHOOL_B);

    /** Notifications seeded per user. */
    static final int NOTIFICATIONS_EACH = 2;

    /** One seeded user. {@code school} is the school they act in (an admin's is the school they manage). */
    record Person(String id, Role role, String school) {

        Actor actor() {
            return new Actor(id, school);
        }

        /** The users.school_id: an admin manages their school without belonging to it. */
        String homeSchool() {
            return role == Role.ADMIN ? null : school;
        }
    }

    private TwoSchools() {
    }

    static Person student(String school) {
        return new Person(prefix(school) + "-student", Role.STUDENT, school);
    }

    static Person otherStudent(String school) {
        return new Person(prefix(school) + "-student2", Role.STUDENT, school);
    }

    static Person teacher(String school) {
        return new Person(prefix(school) + "-teacher", Role.TEACHER, school);
    }

    static Person parent(String school) {
        return new Person(prefix(school) + "-parent", Role.PARENT, school);
    }

    static Person admin(String school) {
        return new Person(prefix(school) + "-admin", Role.ADMIN, school);
    }

    static List<Person> people(String school) {
        return List.of(student(school), otherStudent(school), teacher(school), parent(school), admin(school));
    }

    static List<Person> everyone() {
        return SCHOOLS.stream().flatMap(school -> people(school).stream()).toList();
    }

    /** The users an actor may read rows of: themselves, a parent's child, a teacher's or admin's school. */
    static Set<String> readable(Person actor) {
        return switch (actor.role()) {
            case STUDENT -> Set.of(actor.id());
            case PARENT -> Set.of(actor.id(), student(actor.school()).id());
            case TEACHER -> schoolMembers(actor.school());
            case ADMIN -> union(Set.of(actor.id()), schoolMembers(actor.school()));
        };
    }

    /** The users an actor may write rows of: themselves, a teacher's or admin's school. */
    static Set<String> writable(Person actor) {
        return switch (actor.role()) {
            case STUDENT, PARENT -> Set.of(actor.id());
            case TEACHER -> schoolMembers(actor.school());
            case ADMIN -> union(Set.of(actor.id()), schoolMembers(actor.school()));
        };
    }

    /** Who writes a row of {@code owner} may be: the users whose writable set holds it. */
    static Map<String, Set<String>> writersByOwner() {
        return everyone().stream().collect(Collectors.toMap(Person::id,
                owner -> everyone().stream().filter(writer -> writable(writer).contains(owner.id()))
                        .map(Person::id).collect(Collectors.toSet())));
    }

    /** The users whose users.school_id is {@code school} (its admin is not one of them). */
    static Set<String> schoolMembers(String school) {
        return people(school).stream().filter(p -> school.equals(p.homeSchool())).map(Person::id)
                .collect(Collectors.toSet());
    }

    /** Seeds both schools through a connection that row-level security does not filter. */
    static void seed(DSLContext dsl) {
        for (String school : SCHOOLS) {
            for (Person person : people(school)) {
                TestRows.user(dsl, person.id(), person.role());
                dsl.update(USERS).set(USERS.SCHOOL_ID, person.homeSchool()).where(USERS.ID.eq(person.id())).execute();
            }
            dsl.insertInto(ADMIN_PROFILES).set(ADMIN_PROFILES.USER_ID, admin(school).id())
                    .set(ADMIN_PROFILES.PERMISSIONS, List.of("manage_users"))
                    .set(ADMIN_PROFILES.MANAGED_SCHOOLS, List.of(school))
                    .execute();
            dsl.insertInto(PARENT_PROFILES).set(PARENT_PROFILES.USER_ID, parent(school).id()).execute();
            for (Person student : List.of(student(school), otherStudent(school))) {
                dsl.insertInto(STUDENT_PROFILES).set(STUDENT_PROFILES.USER_ID, student.id())
                        .set(STUDENT_PROFILES.GRADE_LEVEL, "8")
                        .set(STUDENT_PROFILES.SUBJECTS, List.of("math"))
                        .set(STUDENT_PROFILES.PARENT_ID, student.equals(student(school)) ? parent(school).id() : null)
                        .execute();
                dsl.insertInto(DOUBT_SUBMISSIONS).set(DOUBT_SUBMISSIONS.STUDENT_ID, student.id())
                        .set(DOUBT_SUBMISSIONS.GRADE, "8").set(DOUBT_SUBMISSIONS.SUBJECT, "math")
                        .set(DOUBT_SUBMISSIONS.TOPIC, "fractions").set(DOUBT_SUBMISSIONS.DOUBT_TEXT, "why?")
                        .execute();
            }
            for (Person person : people(school)) {
                for (int i = 0; i < NOTIFICATIONS_EACH; i++) {
                    dsl.insertInto(NOTIFICATIONS).set(NOTIFICATIONS.USER_ID, person.id())
                            .set(NOTIFICATIONS.NOTIFICATION_TYPE, "seed").set(NOTIFICATIONS.TITLE, "seed " + i)
                            .set(NOTIFICATIONS.MESSAGE, "for " + person.id())
                            .execute();
                }
                dsl.insertInto(USER_ACTIVITY_LOGS).set(USER_ACTIVITY_LOGS.USER_ID, person.id())
                        .set(USER_ACTIVITY_LOGS.ACTIVITY_TYPE, "seed").execute();
                TestRows.generation(dsl, person.id(), ContentType.LESSON);
            }
        }
    }

    private static String prefix(String school) {
        return school.equals(SCHOOL_A) ? "a" : "b";
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        return Stream.concat(first.stream(), second.stream()).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}

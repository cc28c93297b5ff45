-- Undoes V6_1__create_notifications.sql.
DROP TABLE notifications;

/**
 * Privacy compliance (the seed's GDPR and COPPA): {@link com.eduplatform.data.privacy.Privacy}, reached through
 * {@code EduDatabase.privacy()}, exports and erases a user everywhere, enforces retention periods, and records the
 * parental consents the schema requires before it stores an under-13 student's data. See {@code docs/privacy.md}.
 */
package com.eduplatform.data.privacy;

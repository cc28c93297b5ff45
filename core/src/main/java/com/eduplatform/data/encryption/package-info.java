/**
 * Field encryption: the seed's sensitive text (PII of users, doubts and practice answers) stored AES-256-GCM
 * encrypted under keys the host provides ({@link com.eduplatform.data.encryption.KeyProvider}, with
 * {@link com.eduplatform.data.encryption.EnvironmentKeyProvider} and
 * {@link com.eduplatform.data.encryption.KeyFileKeyProvider} included), an exact-match lookup by e-mail address, and
 * key rotation ({@link com.eduplatform.data.encryption.FieldEncryption}, from
 * {@code EduDatabase.encryption()}). See {@code docs/encryption.md}.
 */
package com.eduplatform.data.encryption;

/**
 * Who acts on the database: {@link com.eduplatform.data.security.Actor}, given to
 * {@link com.eduplatform.data.EduDatabase#inTransaction(Actor, java.util.function.Function)} and its siblings, so the
 * row-level security policies of the schema (migrations {@code V11_*}) let the transaction see and change only what
 * that user may. The model, the database roles and the policies per table are described in {@code docs/security.md}.
 */
package com.eduplatform.data.security;

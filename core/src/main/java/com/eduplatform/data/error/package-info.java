/**
 * The library's exceptions: one unchecked root, {@link com.eduplatform.data.error.EduDataException}, and a few
 * subclasses by kind: invalid input, not found, the four constraint violations, optimistic-lock and transaction
 * conflicts, a write sent where only reads may go, and for the workflows an invalid state transition, access
 * denied and quota exceeded. No {@code SQLException} or jOOQ exception escapes the facade.
 */
package com.eduplatform.data.error;

/**
 * Internal: the machinery behind the facade (table metadata, validation, errors, transactions, cursors). Not a
 * supported API; anything here may change in any release.
 */
package com.eduplatform.data.internal;

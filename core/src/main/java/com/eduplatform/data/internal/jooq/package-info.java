/**
 * Internal: the converters and bindings the generated jOOQ classes name. Public only because generated code
 * must reach them; not a supported API, and free to change in any release.
 */
package com.eduplatform.data.internal.jooq;

/**
 * Internal: the routing behind {@link com.eduplatform.data.EduDatabase#analytics()} (replica health, commit
 * positions, failover to the primary). Not a supported API; anything here may change in any release.
 */
package com.eduplatform.data.replica.internal;

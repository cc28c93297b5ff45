/**
 * Internal: the execute listener behind the slow-query log and the query timers, the Micrometer binding (loaded
 * only when a registry is given), and the catalog queries of the health report. Not a supported API; anything here
 * may change in any release.
 */
package com.eduplatform.data.monitoring.internal;

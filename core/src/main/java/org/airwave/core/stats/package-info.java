/** Counters the components keep about themselves, read by the monitoring binders and status pages. */
package org.airwave.core.stats;

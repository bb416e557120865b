/** Micrometer binders over the components' own counters, /metrics, dashboards (the monitoring issue). */
package org.airwave.monitoring;

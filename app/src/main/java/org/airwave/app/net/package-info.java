/** Netty bootstrap of the two ports and the routing of each request to ingest or serve handlers. */
package org.airwave.app.net;

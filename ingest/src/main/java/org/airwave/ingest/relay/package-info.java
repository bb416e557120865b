/** Relay pulls: Airwave as a listener of another Icecast/SHOUTcast server, feeding a mount. */
package org.airwave.ingest.relay;

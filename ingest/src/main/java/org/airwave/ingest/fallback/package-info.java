/** Icecast-style fallback mounts: a mount with nothing to play plays another mount's stream. */
package org.airwave.ingest.fallback;

/** Playlist files (m3u, pls, xspf) pointing at a mount's stream by absolute URL. */
package org.airwave.serve.playlist;

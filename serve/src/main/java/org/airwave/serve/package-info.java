/** Listeners out: HTTP request handling for listeners, ICY metadata, playlists. */
package org.airwave.serve;

/** Playlist sources (AutoDJ): files played into a mount in real time with titles from their tags. */
package org.airwave.ingest.playlist;

/** Icecast HTTP sources: PUT and SOURCE with Basic auth, Expect: 100-continue, raw and chunked bodies. */
package org.airwave.ingest.icecast;

/** SHOUTcast v1 sources on port+1: password line, OK2, icy-* headers, then raw audio. */
package org.airwave.ingest.shoutcast;

/** Sources in: Icecast PUT/SOURCE, SHOUTcast v1, metadata updates; source sessions that feed mounts. */
package org.airwave.ingest;

/** "Now playing" updates from sources: Icecast /admin/metadata and SHOUTcast /admin.cgi. */
package org.airwave.ingest.metadata;

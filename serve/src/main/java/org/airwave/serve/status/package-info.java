/** Read-only views of the mounts: Icecast- and SHOUTcast-compatible status, Airwave's own JSON API and its event stream. */
package org.airwave.serve.status;

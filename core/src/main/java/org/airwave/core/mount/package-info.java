/** Mounts: named streams with their live source claim, metadata and listener counts. */
package org.airwave.core.mount;

/** Origin/edge mirroring: an edge discovers the origin's streams and relays each as it is. */
package org.airwave.app.mirror;

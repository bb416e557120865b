/** End-to-end tests: a real server on loopback against real source and listener programs and recorded handshakes. */
package org.airwave.app.it;

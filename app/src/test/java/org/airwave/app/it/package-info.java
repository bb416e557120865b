/**
 * End-to-end tests: a real server on loopback against real source and listener programs and
 * recorded handshakes. Every test class here is {@link org.airwave.testing.EndToEnd}, so the fast
 * run ({@code mvn test -Pfast}) leaves them out; {@code EndToEndPackageTest} checks it.
 */
package org.airwave.app.it;

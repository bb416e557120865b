/**
 * Connection limits at accept: per client address (request heads still arriving, and optionally
 * all connections), in all (derived from the descriptor limit), trusted addresses exempt, and a
 * backoff for the acceptor when descriptors run out anyway.
 */
package org.airwave.app.limits;

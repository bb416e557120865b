/** A connection's place in the server's connection limits, as every module that holds a connection sees it. */
package org.airwave.core.connection;

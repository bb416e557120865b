/** Listener connections: the response head and the zero-copy stream from a broadcast buffer cursor. */
package org.airwave.serve.listener;

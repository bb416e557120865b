/** Composition root: command line, configuration, wiring of the modules, server start and shutdown. */
package org.airwave.app;

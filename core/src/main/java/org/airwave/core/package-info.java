/** The stream model shared by every module: mounts, metadata, broadcast buffers; no protocol code. */
package org.airwave.core;
